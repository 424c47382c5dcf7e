using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Persistence;

namespace Paylent.Application.Identity.Sessions;

internal static class SessionRevocation
{
    /// <summary>Ends every live session of a user (password reset, disable, delete); each is audited.</summary>
    public static async Task RevokeSessionsOfAsync(this IPaylentDbContext db, Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            session.Revoke(now);
        }
    }
}
