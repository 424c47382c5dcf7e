using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.Consents;

/// <summary>
/// An admin or the API withdraws a consent: the client asks again next time and its tokens for the user
/// stop working. Runs again when a redemption on the consent wrote it meanwhile, to end that grant too.
/// </summary>
public sealed record RevokeConsent(Guid Id) : ICommand<bool>, IRetryOnConflict;

internal sealed class RevokeConsentHandler(IOAuthData db, TimeProvider clock) : ICommandHandler<RevokeConsent, bool>
{
    public async Task<bool> Handle(RevokeConsent command, CancellationToken cancellationToken)
    {
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("consent");
        await db.RevokeAsync(consent, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return true;
    }
}
