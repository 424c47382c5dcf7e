using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Identity.Sessions;

/// <summary>An admin or the API ends a session and every token issued in it.</summary>
public sealed record RevokeSession(Guid Id) : ICommand<SessionDto>, IRetryOnConflict;

internal sealed class RevokeSessionHandler(IIdentityData db, TimeProvider clock) : ICommandHandler<RevokeSession, SessionDto>
{
    public async Task<SessionDto> Handle(RevokeSession command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("session");
        var now = clock.GetUtcNow().UtcDateTime;
        session.Revoke(now);
        return SessionDto.From(session, now);
    }
}
