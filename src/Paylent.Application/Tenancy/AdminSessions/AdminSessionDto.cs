using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy.AdminSessions;

public sealed record AdminSessionDto(
    Guid Id,
    Guid AdminId,
    DateTime CreatedAt,
    DateTime LastSeenAt,
    DateTime IdleExpiresAt,
    DateTime AbsoluteExpiresAt,
    string? IpAddress,
    string? UserAgent,
    DateTime? EndedAt,
    bool Active)
{
    public static AdminSessionDto From(AdminSession session, DateTime now) => new(
        session.Id, session.AdminId, session.CreatedAt, session.LastSeenAt, session.IdleExpiresAt, session.AbsoluteExpiresAt,
        session.IpAddress, session.UserAgent, session.EndedAt, session.IsActive(now));
}
