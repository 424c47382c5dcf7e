using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
    public IReadOnlyList<Action> Collect(ChangeTracker changes)
    {
        var stale = new List<Action>();
        foreach (var key in changes.Entries<SigningKey>().Where(Changed).Select(e => e.Entity.EnvironmentId).Distinct())
        {
            stale.Add(() => signingKeys.Changed(key));
        }

        foreach (var client in changes.Entries<OAuthClient>().Where(Changed).Select(e => e.Entity))
        {
            var (environmentId, clientId) = (client.EnvironmentId, client.ClientId);
            stale.Add(() => clients.Changed(environmentId, clientId));
        }

        foreach (var environmentId in changes.Entries<RevokedAccessToken>().Where(Changed).Select(e => e.Entity.EnvironmentId).Distinct())
        {
            stale.Add(() => revocations.Changed(environmentId));
        }

        return stale;
    }

    private static bool Changed(EntityEntry entry) => entry.State is not (EntityState.Unchanged or EntityState.Detached);
}
