using System.Collections.Concurrent;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Values loaded from the database on first use and trusted for a while: then the first request to
/// find one stale reloads it (given the previous value, so a load can keep what did not change) while
/// concurrent requests share that load. <see cref="Invalidate"/> drops a value so the next request
/// loads it afresh; a load already under way is dropped with it, so nothing read before a change is
/// kept after it. A failed load is forgotten, and so is a null value: absence is never cached.
/// Each lookup is reported to the <c>lookedUp</c> callback: a hit when a trusted value (or a load already
/// under way) served it, a miss when this lookup had to start a load or a reload.
/// </summary>
internal sealed class RefreshingCache<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<Loaded>>> _entries = new();
    private readonly TimeProvider _clock;
    private readonly Func<TimeSpan> _trustFor;
    private readonly Action<bool>? _lookedUp;
    private readonly CacheChanges<TKey>? _changes;

    /// <param name="changes">Where every instance hears of a changed key (<see cref="Changed"/>); without it, changes stay in this process.</param>
    public RefreshingCache(TimeProvider clock, Func<TimeSpan> trustFor, Action<bool>? lookedUp = null, CacheChanges<TKey>? changes = null)
    {
        _clock = clock;
        _trustFor = trustFor;
        _lookedUp = lookedUp;
        _changes = changes;
        changes?.Signal.Subscribe(changes.Channel, Heard);
    }

    public async Task<TValue?> GetAsync(TKey key, Func<TKey, TValue?, Task<TValue?>> load)
    {
        var found = _entries.TryGetValue(key, out var current);
        if (current is null)
        {
            current = _entries.GetOrAdd(key, k => Start(k, previous: null, load));
        }

        var loaded = await Settle(key, current);
        if (loaded.Value is null || _clock.GetUtcNow() - loaded.At < _trustFor())
        {
            _lookedUp?.Invoke(found && loaded.Value is not null);
            return loaded.Value;
        }

        // Stale: the first request to notice reloads; the others share it.
        _lookedUp?.Invoke(false);
        var refresh = Start(key, loaded.Value, load);
        return (await Settle(key, _entries.TryUpdate(key, refresh, current) ? refresh : _entries.GetOrAdd(key, refresh))).Value;
    }

    /// <summary>Drops this process's value of <paramref name="key"/>, for a reload here alone.</summary>
    public void Invalidate(TKey key) => _entries.TryRemove(key, out _);

    /// <summary>
    /// After a committed change to <paramref name="key"/>: dropped here at once (in this call) and, through
    /// the change signal, on every other instance within a second or so rather than after the trust interval.
    /// </summary>
    public void Changed(TKey key)
    {
        if (_changes is null)
        {
            Invalidate(key);
            return;
        }

        _changes.Signal.Publish(_changes.Channel, _changes.Format(key));
    }

    private void Heard(ChangeNotice notice)
    {
        if (notice.Everything)
        {
            // Notices may have been missed: nothing kept can be trusted.
            _entries.Clear();
        }
        else if (_changes!.TryParse(notice.Payload!, out var key))
        {
            Invalidate(key);
        }
    }

    private Lazy<Task<Loaded>> Start(TKey key, TValue? previous, Func<TKey, TValue?, Task<TValue?>> load) =>
        new(async () => new Loaded(await load(key, previous), _clock.GetUtcNow()), LazyThreadSafetyMode.ExecutionAndPublication);

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

/// <summary>How a cache's keys travel on the <see cref="ChangeSignal"/>: its channel, and a key's text form both ways.</summary>
internal sealed record CacheChanges<TKey>(ChangeSignal Signal, string Channel, Func<TKey, string> Format, CacheChanges<TKey>.Parser TryParse)
{
    public delegate bool Parser(string text, out TKey key);
}

internal static class CacheChanges
{
    /// <summary>For caches keyed by environment.</summary>
    public static CacheChanges<Guid> ByEnvironment(ChangeSignal signal, string channel) =>
        new(signal, channel, id => id.ToString("N"), Guid.TryParse);
}
