using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Identity.Sessions;

/// <summary>A signed-in user ends one of their own sessions (account page).</summary>
public sealed record RevokeOwnSession(Guid UserId, Guid SessionId) : ICommand<bool>, IRetryOnConflict;

internal sealed class RevokeOwnSessionHandler(IIdentityData db, TimeProvider clock) : ICommandHandler<RevokeOwnSession, bool>
{
    public async Task<bool> Handle(RevokeOwnSession command, CancellationToken cancellationToken)
    {
        // Another user's session id reads as not found: nothing tells the two apart.
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == command.SessionId && s.UserId == command.UserId, cancellationToken)
            ?? throw new NotFoundException("session");
        session.Revoke(clock.GetUtcNow().UtcDateTime);
        return true;
    }
}
