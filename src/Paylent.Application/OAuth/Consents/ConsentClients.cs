using Microsoft.EntityFrameworkCore;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Consents;

internal static class ConsentClients
{
    public static async Task<Dictionary<string, string>> NamesAsync(IOAuthData db, IReadOnlyCollection<Consent> consents, CancellationToken cancellationToken)
    {
        var clientIds = consents.Select(c => c.ClientId).Distinct(StringComparer.Ordinal).ToList();
        return clientIds.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : await db.OAuthClients.AsNoTracking()
                .Where(c => clientIds.Contains(c.ClientId))
                .ToDictionaryAsync(c => c.ClientId, c => c.Name, StringComparer.Ordinal, cancellationToken);
    }
}
