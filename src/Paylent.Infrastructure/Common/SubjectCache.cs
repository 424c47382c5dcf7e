using Microsoft.Extensions.Caching.Memory;
using Paylent.Application.Common.Metrics;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Small values kept per subject (a user's or a service account's role ids, a user's memberships), so a
/// token for a subject seen recently costs no query: each trusted for a refresh interval in a cache bounded
/// at <c>maxEntries</c> (subjects beyond it are read from the database until entries expire), and dropped on
/// every instance through the <see cref="ChangeSignal"/> as soon as a save changes it (<see cref="Changed"/>),
/// or all at once (<see cref="ChangedAll"/>, and on a reload notice).
/// </summary>
internal sealed class SubjectCache<TKey, TValue> : IDisposable
    where TKey : notnull
    where TValue : class
{
    /// <summary>The payload that drops every entry.</summary>
    private const string All = "*";

    private readonly MemoryCache _entries;
    private readonly string _name;
    private readonly Func<TimeSpan> _trustFor;
    private readonly PaylentMetrics _metrics;
    private readonly CacheChanges<TKey> _changes;
    private readonly IDisposable _subscription;

    // Bumped by every change heard: a load that started before one must not store what it read, since it
    // may have read the value as it was before the change that was just committed.
    private long _generation;

    /// <param name="name">The cache's name in <c>paylent_cache_lookups_total</c>.</param>
    public SubjectCache(string name, int maxEntries, Func<TimeSpan> trustFor, PaylentMetrics metrics, CacheChanges<TKey> changes)
    {
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxEntries });
        _name = name;
        _trustFor = trustFor;
        _metrics = metrics;
        _changes = changes;
        _subscription = changes.Signal.Subscribe(changes.Channel, Heard);
    }

    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> load)
    {
        if (_entries.TryGetValue(key, out TValue? cached) && cached is not null)
        {
            _metrics.CacheLookup(_name, hit: true);
            return cached;
        }

        _metrics.CacheLookup(_name, hit: false);
        var generation = Interlocked.Read(ref _generation);
        var value = await load();
        if (Interlocked.Read(ref _generation) == generation)
        {
            _entries.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _trustFor(), Size = 1 });

            // A change heard between the check and the store removed nothing yet: drop the entry now.
            if (Interlocked.Read(ref _generation) != generation)
            {
                _entries.Remove(key);
            }
        }

        return value;
    }

    /// <summary>After a committed change to <paramref name="key"/>'s value: dropped here in this call, and on every other instance.</summary>
    public void Changed(TKey key) => _changes.Signal.Publish(_changes.Channel, _changes.Format(key));

    /// <summary>After a committed change that may touch any entry.</summary>
    public void ChangedAll() => _changes.Signal.Publish(_changes.Channel, All);

    public void Dispose()
    {
        _subscription.Dispose();
        _entries.Dispose();
    }

    private void Heard(ChangeNotice notice)
    {
        Interlocked.Increment(ref _generation);
        if (notice.Everything || notice.Payload == All)
        {
            _entries.Clear();
        }
        else if (_changes.TryParse(notice.Payload!, out var key))
        {
            _entries.Remove(key);
        }
    }
}
