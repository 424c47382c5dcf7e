using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Metrics;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Every environment's revoked, unexpired JWT <c>jti</c>s (RFC 7009), so introspection checks
/// revocation without a database round trip. The set is reloaded whole once it is older than
/// <see cref="OAuthCacheOptions.RefreshSeconds"/> (one query returning only what is still unexpired:
/// revocations of tokens that would have expired anyway drop out); a revocation saved anywhere
/// drops it at once (<see cref="OAuthCacheInvalidation"/>), so this instance denies the token on the
/// next request and every other instance within a second or so (the change signal), at the latest
/// within the refresh interval when a notice is lost.
/// </summary>
public sealed class RevocationCache(IServiceScopeFactory scopes, IOptions<OAuthCacheOptions> options, PaylentMetrics metrics, ChangeSignal signal, TimeProvider clock)
{
    public const string Channel = "revoked-tokens";

    private readonly RefreshingCache<Guid, FrozenSet<string>> _revoked = new(
        clock, () => TimeSpan.FromSeconds(options.Value.RefreshSeconds), hit => metrics.CacheLookup("revoked_tokens", hit), CacheChanges.ByEnvironment(signal, Channel));

    public async Task<bool> IsRevokedAsync(Guid environmentId, string jti) =>
        (await _revoked.GetAsync(environmentId, LoadAsync))!.Contains(jti);

    public void Changed(Guid environmentId) => _revoked.Changed(environmentId);

    private async Task<FrozenSet<string>?> LoadAsync(Guid environmentId, FrozenSet<string>? previous)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow().UtcDateTime;
        var jtis = await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().RevokedAccessTokens
            .IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId && r.ExpiresAt > now)
            .Select(r => r.Jti)
            .ToListAsync();
        return jtis.ToFrozenSet(StringComparer.Ordinal);
    }
}
