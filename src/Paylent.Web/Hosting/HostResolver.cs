using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Tenancy;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Domains;

namespace Paylent.Web.Hosting;

/// <summary>
/// Maps a host name to what it serves: <c>{BaseDomain}</c> is the dashboard,
/// <c>{account}-{environment}.{BaseDomain}</c> an environment, an active custom domain its environment
/// (<see cref="CustomDomainHosts"/>, in memory and kept current by the Domains module's changes on every
/// instance), anything else nothing. This runs on every request, before routing and so before every
/// rate limit, so an environment label is looked up about once every <see cref="CacheFor"/>:
/// environments found are kept apart from names found unknown (a bounded cache), so made-up names can
/// never push a real environment out. Look-ups have a budget per client address and one for the whole
/// instance (<see cref="RateLimitOptions.HostLookupsPerIpPerSecond"/>, <see cref="RateLimitOptions.HostLookupsPerSecond"/>):
/// past it, an environment seen before is served as last found, and any other name is unknown, without
/// a query. A name that is no active custom domain is unknown without any look-up at all.
/// </summary>
public sealed class HostResolver(
    IServiceScopeFactory scopes, CustomDomainHosts customDomains, IOptions<PaylentOptions> options, IOptions<RateLimitOptions> limits) : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    // Bounded by the environments that exist (a label is dropped when a look-up no longer finds it), not by what clients send.
    private readonly ConcurrentDictionary<string, (ResolvedHost Host, long FoundAt)> _environments = new(StringComparer.Ordinal);

    // Labels found unknown, and custom domains' environments by id. The instance's look-up budget bounds
    // how many unknown labels come in 30 s; expired ones are swept every few seconds, not every minute,
    // so they stop counting against the size soon after.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000, ExpirationScanFrequency = TimeSpan.FromSeconds(5) });

    private readonly PartitionedRateLimiter<string> _lookups = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetTokenBucketLimiter(address, _ => RateLimits.PerSecond(limits.Value.HostLookupsPerIpPerSecond))),
        PartitionedRateLimiter.Create<string, string>(_ =>
            RateLimitPartition.GetTokenBucketLimiter(string.Empty, _ => RateLimits.PerSecond(limits.Value.HostLookupsPerSecond))));

    /// <summary>
    /// The request's host name, or null when its Host header is no name: one whose punycode does not
    /// decode (<c>xn--demo-test-.localhost</c>, RFC 5891 §5.4), which the framework refuses to read.
    /// </summary>
    public static string? NameOf(HttpRequest request)
    {
        try
        {
            return request.Host.Host;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The request's host name in ASCII, as custom domains are kept (<c>xn--bcher-kva.example</c> for a
    /// Host header the framework decodes to <c>bücher.example</c>), or null when it is no name.
    /// </summary>
    public static string? AsciiNameOf(HttpRequest request) => NameOf(request) is { } name ? Ascii(name) : null;

    public async Task<ResolvedHost> ResolveAsync(string host, IPAddress? client, CancellationToken cancellationToken)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        var baseDomain = options.Value.BaseDomain.TrimEnd('.').ToLowerInvariant();
        if (name == baseDomain)
        {
            return ResolvedHost.Dashboard;
        }

        if (!name.EndsWith("." + baseDomain, StringComparison.Ordinal))
        {
            return await CustomDomainAsync(name, cancellationToken);
        }

        var label = name[..^(baseDomain.Length + 1)];
        if (label.Contains('.', StringComparison.Ordinal))
        {
            return ResolvedHost.Unknown;
        }

        _environments.TryGetValue(label, out var found);
        if (found.Host is not null && Environment.TickCount64 - found.FoundAt < CacheFor.TotalMilliseconds)
        {
            return found.Host;
        }

        if (_cache.TryGetValue(label, out _))
        {
            return ResolvedHost.Unknown;
        }

        using (var lease = _lookups.AttemptAcquire(ClientAddress.Key(client)))
        {
            if (!lease.IsAcquired)
            {
                return found.Host ?? ResolvedHost.Unknown;
            }
        }

        var asked = Environment.TickCount64;
        if (await SendAsync(new FindEnvironmentByHostLabel(label), cancellationToken) is { } environment)
        {
            var resolved = new ResolvedHost(HostKind.Environment, environment);
            _environments[label] = (resolved, asked);
            return resolved;
        }

        // Only what was found before this question was asked is undone: a look-up that found the
        // environment just created, finishing first, stays.
        if (_environments.TryGetValue(label, out var known) && known.FoundAt < asked)
        {
            _environments.TryRemove(KeyValuePair.Create(label, known));
        }

        _cache.Set(label, true, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return ResolvedHost.Unknown;
    }

    public void Dispose()
    {
        _cache.Dispose();
        _lookups.Dispose();
    }

    /// <summary>
    /// An active custom domain serves its environment. Whether a name is one is answered from memory; only
    /// the environment it names is looked up, cached by id, so at most one query per environment every
    /// <see cref="CacheFor"/>, whatever the traffic.
    /// </summary>
    private async Task<ResolvedHost> CustomDomainAsync(string name, CancellationToken cancellationToken)
    {
        // The framework hands an internationalized Host header over decoded (bücher.example); domains are kept in ASCII.
        if (Ascii(name) is not { } ascii || customDomains.EnvironmentOf(ascii) is not { } environmentId)
        {
            return ResolvedHost.Unknown;
        }

        if (!_cache.TryGetValue(environmentId, out EnvironmentSummary? environment))
        {
            environment = await SendAsync(new FindEnvironmentById(environmentId), cancellationToken);
            _cache.Set(environmentId, environment, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        }

        return environment is null ? ResolvedHost.Unknown : new ResolvedHost(HostKind.Environment, environment, ascii);
    }

    private static string? Ascii(string name)
    {
        if (name.All(char.IsAscii))
        {
            return name;
        }

        try
        {
            return new IdnMapping { UseStd3AsciiRules = true }.GetAscii(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private async Task<EnvironmentSummary?> SendAsync(IQuery<EnvironmentSummary?> query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDispatcher>().Send(query, cancellationToken);
    }
}
