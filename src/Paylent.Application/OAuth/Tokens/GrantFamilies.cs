using Microsoft.EntityFrameworkCore;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// Ends a grant with every family an organization switch started from it, at any depth: each switch
/// spends its family's refresh token into a new family, so a chain grows by one per switch, and what
/// was obtained through the chain came from the first grant. Used when that grant turns out compromised:
/// a reused refresh token (RFC 9700 §4.14.2) or a replayed authorization code (RFC 6749 §4.1.2).
/// </summary>
internal sealed class GrantFamilies(IOAuthData db)
{
    public async Task RevokeWithSwitchesAsync(Grant family, DateTime now, CancellationToken cancellationToken)
    {
        family.Revoke(now);
        List<Guid> ends = [family.Id];
        while (ends.Count > 0)
        {
            var switched = await db.Grants.Where(g => g.SwitchedFromGrantId != null && ends.Contains(g.SwitchedFromGrantId.Value)).ToListAsync(cancellationToken);
            switched.ForEach(g => g.Revoke(now));
            ends = [.. switched.Select(g => g.Id)];
        }
    }
}
