using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

internal static class SessionActivity
{
    /// <summary>Ends every live session of a user (password reset, disable, delete); each is audited.</summary>
    public static async Task RevokeSessionsOfAsync(this IIdentityData db, Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            session.Revoke(now);
        }
    }

    /// <summary>
    /// Records activity in a live session (a page seen, a token refreshed), at most once a minute.
    /// Written directly, without the aggregate's version check: last-seen is bookkeeping, and two
    /// tabs touching at once must conflict neither with each other nor with a revocation.
    /// </summary>
    /// <returns>Whether activity was due to be written, and was.</returns>
    public static async Task<bool> TouchAsync(
        this IIdentityData db, Guid sessionId, DateTime lastSeenAt, DateTime absoluteExpiresAt, SessionPolicy policy, DateTime now, CancellationToken cancellationToken)
    {
        if (Session.IdleExpiryAfterActivity(lastSeenAt, absoluteExpiresAt, policy, now) is not { } idleExpiry)
        {
            return false;
        }

        await db.Sessions.Where(s => s.Id == sessionId && s.RevokedAt == null && s.LastSeenAt < now)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSeenAt, now).SetProperty(s => s.IdleExpiresAt, idleExpiry), cancellationToken);
        return true;
    }
}
