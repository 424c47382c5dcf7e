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
/// instance), anything else nothing. This runs on every request, so environment look-ups, found or not,
/// are cached briefly in a cache of bounded size (random host names cannot grow it without limit), and a
/// name that is no active custom domain is unknown without any look-up at all. A look-up comes before
/// every rate limit of the pipeline, so each client address has a budget of its own
/// (<see cref="RateLimitOptions.HostLookupsPerIpPerSecond"/>): made-up names are refused with a 429 past it.
/// </summary>
public sealed class HostResolver(
    IServiceScopeFactory scopes, CustomDomainHosts customDomains, IOptions<PaylentOptions> options, IOptions<RateLimitOptions> limits) : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly PartitionedRateLimiter<string> _lookups = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Value.HostLookupsPerIpPerSecond,
            TokensPerPeriod = limits.Value.HostLookupsPerIpPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        }));

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

    /// <exception cref="RateLimitedException"><paramref name="client"/> has used up its look-ups for now.</exception>
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

        if (_cache.TryGetValue(label, out ResolvedHost? cached) && cached is not null)
        {
            return cached;
        }

        using (var lease = _lookups.AttemptAcquire(ClientAddress.Key(client)))
        {
            if (!lease.IsAcquired)
            {
                throw new RateLimitedException(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
            }
        }

        var environment = await SendAsync(new FindEnvironmentByHostLabel(label), cancellationToken);
        var resolved = environment is null ? ResolvedHost.Unknown : new ResolvedHost(HostKind.Environment, environment);
        _cache.Set(label, resolved, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return resolved;
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
