using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

public sealed record SessionDto(
    Guid Id,
    Guid UserId,
    DateTime CreatedAt,
    DateTime LastSeenAt,
    DateTime AuthenticatedAt,
    IReadOnlyList<string> AuthenticationMethods,
    DateTime IdleExpiresAt,
    DateTime AbsoluteExpiresAt,
    string? IpAddress,
    string? UserAgent,
    DateTime? RevokedAt,
    bool Active)
{
    public static SessionDto From(Session session, DateTime now) => new(
        session.Id, session.UserId, session.CreatedAt, session.LastSeenAt, session.AuthenticatedAt, session.AuthenticationMethods,
        session.IdleExpiresAt, session.AbsoluteExpiresAt, session.IpAddress, session.UserAgent, session.RevokedAt, session.IsActive(now));
}

/// <summary>A session just started: <see cref="Token"/> goes into the cookie and is never stored.</summary>
public sealed record StartedSession(Guid SessionId, Guid UserId, string Token, DateTime ExpiresAt);
