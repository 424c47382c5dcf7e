using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Identity.Sessions;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Identity;

/// <summary>
/// The sessions read recently by their cookie token's hash (<see cref="ISessionCache"/>), each trusted for
/// <see cref="OAuthCacheOptions.RefreshSeconds"/> in a cache bounded at <see cref="MaxSessions"/> (sessions
/// beyond it are read from the database until entries expire). A save that ends a session, or changes a user's
/// status, email or name, drops the session's or the user's entries at once here and on every other instance
/// through the change signal (<see cref="IdentityCacheInvalidation"/>), so a sign-out, a revocation or a
/// disabled user stops every instance's hosted pages and authorization requests within a second or so.
/// </summary>
/// <remarks>
/// Notices name the session or the user by id, never the token's hash, and an entry is found for them by a
/// scan: sign-outs and profile changes are rare next to the reads, and the cache is small.
/// </remarks>
public sealed class SessionCache : IDisposable
{
    public const int MaxSessions = 10_000;
    public const string Channel = "sessions";

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxSessions });
    private readonly IOptions<OAuthCacheOptions> _options;
    private readonly PaylentMetrics _metrics;
    private readonly ChangeSignal _signal;
    private readonly IDisposable _subscription;

    // Bumped by every change heard: a load that started before one must not store what it read, since it
    // may have read the session as it was before the change that was just committed.
    private long _generation;

    public SessionCache(IOptions<OAuthCacheOptions> options, PaylentMetrics metrics, ChangeSignal signal)
    {
        _options = options;
        _metrics = metrics;
        _signal = signal;
        _subscription = signal.Subscribe(Channel, Heard);
    }

    public async Task<CachedSession?> GetAsync(SessionCacheKey key, Func<Task<CachedSession?>> load)
    {
        if (_entries.TryGetValue(key, out CachedSession? cached) && cached is not null)
        {
            _metrics.CacheLookup(Channel, hit: true);
            return cached;
        }

        _metrics.CacheLookup(Channel, hit: false);
        var generation = Interlocked.Read(ref _generation);
        var session = await load();
        if (session is not null && Interlocked.Read(ref _generation) == generation)
        {
            _entries.Set(key, session, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(_options.Value.RefreshSeconds), Size = 1,
            });

            // A change heard between the check and the store scanned before the entry was there: drop it.
            if (Interlocked.Read(ref _generation) != generation)
            {
                _entries.Remove(key);
            }
        }

        return session;
    }

    /// <summary>Drops the entry on this instance only.</summary>
    public void Forget(SessionCacheKey key) => _entries.Remove(key);

    /// <summary>After a committed change to a session or a user (<paramref name="id"/>): its entries dropped here in this call, and on every other instance.</summary>
    public void Changed(Guid environmentId, Guid id) => _signal.Publish(Channel, $"{environmentId:N}/{id:N}");

    public void Dispose()
    {
        _subscription.Dispose();
        _entries.Dispose();
    }

    private void Heard(ChangeNotice notice)
    {
        Interlocked.Increment(ref _generation);
        var parts = notice.Payload?.Split('/');
        if (parts is not [var environment, var changed] || !Guid.TryParse(environment, out var environmentId) || !Guid.TryParse(changed, out var id))
        {
            _entries.Clear();
            return;
        }

        foreach (var key in _entries.Keys.OfType<SessionCacheKey>())
        {
            if (key.EnvironmentId == environmentId && _entries.TryGetValue(key, out CachedSession? session) && (session?.Id == id || session?.UserId == id))
            {
                _entries.Remove(key);
            }
        }
    }
}

/// <summary>A session token's hash in one environment: a cookie presented on another environment's host finds nothing.</summary>
public readonly record struct SessionCacheKey(Guid EnvironmentId, string TokenHash)
{
    /// <summary>Without the hash, which is kept out of logs and audit as the stored one is.</summary>
    public override string ToString() => $"{EnvironmentId:N}/(a session token's hash)";
}

/// <summary>The sessions of the environment the request entered.</summary>
internal sealed class CachedSessions(SessionCache cache, EnvironmentContext scope) : ISessionCache
{
    public Task<CachedSession?> GetAsync(string tokenHash, Func<Task<CachedSession?>> load) =>
        cache.GetAsync(new SessionCacheKey(scope.RequiredEnvironmentId, tokenHash), load);

    public void Forget(string tokenHash) => cache.Forget(new SessionCacheKey(scope.RequiredEnvironmentId, tokenHash));
}

/// <summary>
/// What a save makes stale in <see cref="SessionCache"/>: a session revoked (signed out) or deleted; a user
/// deleted, or whose status, email or name changed. A sign-in, which writes its user only for bookkeeping
/// (last sign-in, failed attempts, a rehashed password), drops nothing. A save that ends several sessions
/// of one user (a password reset, a disabled user) names the user once, not each session: one notice and
/// one scan per instance, however many sessions the user had.
/// </summary>
public sealed class IdentityCacheInvalidation(SessionCache sessions) : ISaveObserver
{
    private static readonly string[] Held = [nameof(User.Email), nameof(User.GivenName), nameof(User.FamilyName), nameof(User.Status)];

    public IReadOnlyList<Action> Collect(SavedChanges changes)
    {
        var ended = changes.Of<Session>().Where(e => e.State != EntityState.Added).Select(e => e.Entity)
            .GroupBy(s => (s.EnvironmentId, s.UserId))
            .Select(user => (user.Key.EnvironmentId, Id: user.Count() == 1 ? user.Single().Id : user.Key.UserId));
        var users = changes.Of<User>()
            .Where(e => e.State == EntityState.Deleted || (e.State == EntityState.Modified && Held.Any(name => e.Property(name).IsModified)))
            .Select(e => (e.Entity.EnvironmentId, e.Entity.Id));
        return [.. ended.Concat(users).Distinct().Select(changed => (Action)(() => sessions.Changed(changed.EnvironmentId, changed.Id)))];
    }
}
