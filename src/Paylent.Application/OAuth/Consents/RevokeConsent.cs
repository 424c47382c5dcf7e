using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Consents;

/// <summary>An admin or the API withdraws a consent: the client asks again next time and its tokens for the user stop working.</summary>
public sealed record RevokeConsent(Guid Id) : ICommand<bool>;

/// <summary>A signed-in user disconnects an application (account page).</summary>
public sealed record RevokeOwnConsent(Guid UserId, Guid ConsentId) : ICommand<bool>;

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

internal static class ConsentRevocation
{
    /// <summary>
    /// Deletes the consent (audited as consent.deleted) and ends every live grant of that user and
    /// client: a withdrawn consent that left refresh tokens working would withdraw nothing.
    /// </summary>
    public static async Task RevokeAsync(this IOAuthData db, Consent consent, DateTime now, CancellationToken cancellationToken)
    {
        var (userId, clientId) = (consent.UserId, consent.ClientId);
        await db.RevokeGrantsAsync(g => g.UserId == userId && g.ClientId == clientId, now, cancellationToken);
        db.Consents.Remove(consent);
    }

    /// <summary>A deleted client leaves no consent behind and no grant working.</summary>
    public static async Task RevokeAllOfClientAsync(this IOAuthData db, string clientId, DateTime now, CancellationToken cancellationToken)
    {
        await db.RevokeGrantsAsync(g => g.ClientId == clientId, now, cancellationToken);
        db.Consents.RemoveRange(await db.Consents.Where(c => c.ClientId == clientId).ToListAsync(cancellationToken));
    }

    /// <summary>
    /// A deleted user leaves no consent and no grant behind (a grant's refresh tokens go with it). Removed
    /// rather than revoked: the user's sessions, which the grants belong to, are being deleted in the same save.
    /// </summary>
    public static async Task RemoveAllOfUserAsync(this IOAuthData db, Guid userId, CancellationToken cancellationToken)
    {
        db.Grants.RemoveRange(await db.Grants.Where(g => g.UserId == userId).ToListAsync(cancellationToken));
        db.Consents.RemoveRange(await db.Consents.Where(c => c.UserId == userId).ToListAsync(cancellationToken));
    }

    private static async Task RevokeGrantsAsync(this IOAuthData db, System.Linq.Expressions.Expression<Func<Grant, bool>> which, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var grant in await db.Grants.Where(which).Where(g => g.RevokedAt == null).ToListAsync(cancellationToken))
        {
            grant.Revoke(now);
        }
    }
}
