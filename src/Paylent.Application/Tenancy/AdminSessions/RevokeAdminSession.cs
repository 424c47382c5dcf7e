using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Tenancy.AdminSessions;

/// <summary>An admin ends one of their own dashboard sessions (a forgotten browser); another admin's session is not found.</summary>
public sealed record RevokeAdminSession(Guid AdminId, Guid SessionId) : ICommand<AdminSessionDto>, IRetryOnConflict;

internal sealed class RevokeAdminSessionHandler(ITenancyData db, TimeProvider clock) : ICommandHandler<RevokeAdminSession, AdminSessionDto>
{
    public async Task<AdminSessionDto> Handle(RevokeAdminSession command, CancellationToken cancellationToken)
    {
        var session = await db.AdminSessions
            .SingleOrDefaultAsync(s => s.Id == command.SessionId && s.AdminId == command.AdminId, cancellationToken)
            ?? throw new NotFoundException("admin_session");
        var now = clock.GetUtcNow().UtcDateTime;
        session.Revoke(now);
        return AdminSessionDto.From(session, now);
    }
}
