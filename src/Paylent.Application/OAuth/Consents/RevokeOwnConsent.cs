using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.Consents;

/// <summary>A signed-in user disconnects an application (account page); runs again as <see cref="RevokeConsent"/> does.</summary>
public sealed record RevokeOwnConsent(Guid UserId, Guid ConsentId) : ICommand<bool>, IRetryOnConflict;

internal sealed class RevokeOwnConsentHandler(IOAuthData db, TimeProvider clock) : ICommandHandler<RevokeOwnConsent, bool>
{
    public async Task<bool> Handle(RevokeOwnConsent command, CancellationToken cancellationToken)
    {
        // Another user's consent id reads as not found: nothing tells the two apart.
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.Id == command.ConsentId && c.UserId == command.UserId, cancellationToken)
            ?? throw new NotFoundException("consent");
        await db.RevokeAsync(consent, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return true;
    }
}
