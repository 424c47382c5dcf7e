using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// What a save makes stale in the OAuth caches: read from the change tracker before the save, announced
/// after it commits. So this instance sees its own changes at once (a rotated key, a rotated secret, a
/// deleted client, a revoked JWT), and every other instance through the change signal within a second or
/// so; the refresh intervals remain the bound when a notice is lost.
/// </summary>
public sealed class OAuthCacheInvalidation(SigningKeyCache signingKeys, ClientCache clients, RevocationCache revocations) : ISaveObserver
{
    /// <returns>The invalidations to run once the save has committed.</returns>
    public IReadOnlyList<Action> Collect(SavedChanges changes)
    {
        var stale = new List<Action>();
        foreach (var key in changes.Entities<SigningKey>().Select(k => k.EnvironmentId).Distinct())
        {
            stale.Add(() => signingKeys.Changed(key));
        }

        // A client written only for its version (given roles, IClientDirectory.FindForChangeAsync) keeps what the cache holds.
        foreach (var client in changes.Changed<OAuthClient>())
        {
            var (environmentId, clientId) = (client.EnvironmentId, client.ClientId);
            stale.Add(() => clients.Changed(environmentId, clientId));
        }

        foreach (var environmentId in changes.Entities<RevokedAccessToken>().Select(r => r.EnvironmentId).Distinct())
        {
            stale.Add(() => revocations.Changed(environmentId));
        }

        return stale;
    }
}
