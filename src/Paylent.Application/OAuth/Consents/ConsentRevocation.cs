using Microsoft.EntityFrameworkCore;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Consents;

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
