using System.Collections.Concurrent;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Values loaded from the database on first use and trusted for a while: then the first request to
/// find one stale reloads it (given the previous value, so a load can keep what did not change) while
/// concurrent requests share that load. <see cref="Invalidate"/> drops a value so the next request
/// loads it afresh; a load already under way is dropped with it, so nothing read before a change is
/// kept after it. A failed load is forgotten, and so is a null value: absence is never cached.
/// Each lookup is reported to <paramref name="lookedUp"/>: a hit when a trusted value (or a load already
/// under way) served it, a miss when this lookup had to start a load or a reload.
/// </summary>
internal sealed class RefreshingCache<TKey, TValue>(TimeProvider clock, Func<TimeSpan> trustFor, Action<bool>? lookedUp = null)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<Loaded>>> _entries = new();

    public async Task<TValue?> GetAsync(TKey key, Func<TKey, TValue?, Task<TValue?>> load)
    {
        var found = _entries.TryGetValue(key, out var current);
        if (current is null)
        {
            current = _entries.GetOrAdd(key, k => Start(k, previous: null, load));
        }

        var loaded = await Settle(key, current);
        if (loaded.Value is null || clock.GetUtcNow() - loaded.At < trustFor())
        {
            lookedUp?.Invoke(found && loaded.Value is not null);
            return loaded.Value;
        }

        // Stale: the first request to notice reloads; the others share it.
        lookedUp?.Invoke(false);
        var refresh = Start(key, loaded.Value, load);
        return (await Settle(key, _entries.TryUpdate(key, refresh, current) ? refresh : _entries.GetOrAdd(key, refresh))).Value;
    }

    public void Invalidate(TKey key) => _entries.TryRemove(key, out _);

    private Lazy<Task<Loaded>> Start(TKey key, TValue? previous, Func<TKey, TValue?, Task<TValue?>> load) =>
        new(async () => new Loaded(await load(key, previous), clock.GetUtcNow()), LazyThreadSafetyMode.ExecutionAndPublication);

    private async Task<Loaded> Settle(TKey key, Lazy<Task<Loaded>> entry)
    {
        try
        {
            var loaded = await entry.Value;
            if (loaded.Value is null)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }

            return loaded;
        }
        catch
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }

    private sealed record Loaded(TValue? Value, DateTimeOffset At);
}
