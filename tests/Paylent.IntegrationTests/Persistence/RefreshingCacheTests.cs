using Paylent.Infrastructure.Common;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>The loading rules every database-backed cache (keys, clients, revocations) relies on.</summary>
public sealed class RefreshingCacheTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task A_value_is_loaded_once_trusted_for_the_period_then_reloaded_with_the_previous_one()
    {
        var cache = new RefreshingCache<string, string>(_clock, () => TimeSpan.FromSeconds(5));
        var loads = new List<string?>();
        Task<string?> Load(string key, string? previous)
        {
            loads.Add(previous);
            return Task.FromResult<string?>($"{key}{loads.Count}");
        }

        Assert.Equal("a1", await cache.GetAsync("a", Load));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("a1", await cache.GetAsync("a", Load));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("a2", await cache.GetAsync("a", Load));
        Assert.Equal([null, "a1"], loads);
    }

    [Fact]
    public async Task An_invalidation_during_a_load_drops_what_that_load_read()
    {
        var cache = new RefreshingCache<string, string>(_clock, () => TimeSpan.FromMinutes(1));
        var before = new TaskCompletionSource<string?>();
        var first = cache.GetAsync("k", (_, _) => before.Task);

        // The change commits and invalidates while the first load is still reading.
        cache.Invalidate("k");
        before.SetResult("before the change");

        Assert.Equal("before the change", await first);
        Assert.Equal("after the change", await cache.GetAsync("k", (_, _) => Task.FromResult<string?>("after the change")));
    }

    [Fact]
    public async Task Concurrent_requests_share_one_load()
    {
        var cache = new RefreshingCache<string, string>(_clock, () => TimeSpan.FromMinutes(1));
        var loading = new TaskCompletionSource<string?>();
        var loads = 0;
        Task<string?> Load(string key, string? previous)
        {
            Interlocked.Increment(ref loads);
            return loading.Task;
        }

        var requests = Enumerable.Range(0, 8).Select(_ => cache.GetAsync("k", Load)).ToList();
        loading.SetResult("v");

        Assert.All(await Task.WhenAll(requests), v => Assert.Equal("v", v));
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task Absence_and_failures_are_not_cached()
    {
        var cache = new RefreshingCache<string, string>(_clock, () => TimeSpan.FromMinutes(1));

        Assert.Null(await cache.GetAsync("k", (_, _) => Task.FromResult<string?>(null)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync("k", (_, _) => throw new InvalidOperationException()));
        Assert.Equal("found", await cache.GetAsync("k", (_, _) => Task.FromResult<string?>("found")));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
