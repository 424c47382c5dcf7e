using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Metrics;
using Paylent.Application.OAuth;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Every environment's clients as client authentication reads them, one entry per client, loaded on
/// first use and trusted for <see cref="OAuthCacheOptions.RefreshSeconds"/> before it is read again.
/// Unknown ids are not cached (each costs a query, as before; a client created anywhere is usable at
/// once), and a failed authentication reads the client again (<see cref="ReloadAsync"/>: a secret
/// rotated anywhere works at once everywhere). A save in this process that changes or deletes a client drops its entry at once
/// (<see cref="OAuthCacheInvalidation"/>); other instances see it within the refresh interval.
/// </summary>
public sealed class ClientCache(IServiceScopeFactory scopes, IOptions<OAuthCacheOptions> options, PaylentMetrics metrics, TimeProvider clock)
{
    private readonly RefreshingCache<(Guid EnvironmentId, string ClientId), ClientRegistration> _clients =
        new(clock, () => TimeSpan.FromSeconds(options.Value.RefreshSeconds), hit => metrics.CacheLookup("oauth_clients", hit));

    public Task<ClientRegistration?> FindAsync(Guid environmentId, string clientId) =>
        _clients.GetAsync((environmentId, clientId), LoadAsync);

    public Task<ClientRegistration?> ReloadAsync(Guid environmentId, string clientId)
    {
        Invalidate(environmentId, clientId);
        return FindAsync(environmentId, clientId);
    }

    public void Invalidate(Guid environmentId, string clientId) => _clients.Invalidate((environmentId, clientId));

    private async Task<ClientRegistration?> LoadAsync((Guid EnvironmentId, string ClientId) key, ClientRegistration? previous)
    {
        await using var scope = scopes.CreateAsyncScope();
        var client = await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().OAuthClients
            .IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(c => c.EnvironmentId == key.EnvironmentId && c.ClientId == key.ClientId);
        return client is null ? null : ClientRegistration.From(client);
    }
}
