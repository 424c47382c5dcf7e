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
/// rotated anywhere works at once everywhere). A save that changes or deletes a client drops its entry at once here and, through the
/// change signal, on every other instance within a second or so (<see cref="OAuthCacheInvalidation"/>).
/// </summary>
public sealed class ClientCache(IServiceScopeFactory scopes, IOptions<OAuthCacheOptions> options, PaylentMetrics metrics, ChangeSignal signal, TimeProvider clock)
{
    public const string Channel = "oauth-clients";

    private readonly RefreshingCache<(Guid EnvironmentId, string ClientId), ClientRegistration> _clients =
        new(clock, () => TimeSpan.FromSeconds(options.Value.RefreshSeconds), hit => metrics.CacheLookup("oauth_clients", hit),
            new(signal, Channel, key => $"{key.EnvironmentId:N}/{key.ClientId}", TryParse));

    public Task<ClientRegistration?> FindAsync(Guid environmentId, string clientId) =>
        _clients.GetAsync((environmentId, clientId), LoadAsync);

    /// <summary>Reads the client again here alone (a failed authentication must not make every instance reload).</summary>
    public Task<ClientRegistration?> ReloadAsync(Guid environmentId, string clientId)
    {
        _clients.Invalidate((environmentId, clientId));
        return FindAsync(environmentId, clientId);
    }

    /// <summary>Called after a save that changed or deleted the client: every instance reloads it.</summary>
    public void Changed(Guid environmentId, string clientId) => _clients.Changed((environmentId, clientId));

    private static bool TryParse(string text, out (Guid EnvironmentId, string ClientId) key)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        key = slash > 0 && Guid.TryParse(text.AsSpan(0, slash), out var environmentId) ? (environmentId, text[(slash + 1)..]) : default;
        return key.ClientId is not null;
    }

    private async Task<ClientRegistration?> LoadAsync((Guid EnvironmentId, string ClientId) key, ClientRegistration? previous)
    {
        await using var scope = scopes.CreateAsyncScope();
        var client = await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().OAuthClients
            .IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(c => c.EnvironmentId == key.EnvironmentId && c.ClientId == key.ClientId);
        return client is null ? null : ClientRegistration.From(client);
    }
}
