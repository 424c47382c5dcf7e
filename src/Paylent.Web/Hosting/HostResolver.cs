using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Tenancy;
using Paylent.Infrastructure.Common;

namespace Paylent.Web.Hosting;

/// <summary>
/// Maps a host name to what it serves: <c>{BaseDomain}</c> is the dashboard,
/// <c>{account}-{environment}.{BaseDomain}</c> an environment, anything else nothing (custom domains
/// will resolve here too). This runs on every request, so look-ups, found or not, are cached
/// briefly in a cache of bounded size (random host names cannot grow it without limit).
/// </summary>
public sealed class HostResolver(IServiceScopeFactory scopes, IOptions<PaylentOptions> options) : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

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

    public async Task<ResolvedHost> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        var baseDomain = options.Value.BaseDomain.TrimEnd('.').ToLowerInvariant();
        if (name == baseDomain)
        {
            return ResolvedHost.Dashboard;
        }

        if (!name.EndsWith("." + baseDomain, StringComparison.Ordinal))
        {
            return ResolvedHost.Unknown;
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

        await using var scope = scopes.CreateAsyncScope();
        var environment = await scope.ServiceProvider.GetRequiredService<IDispatcher>()
            .Send(new FindEnvironmentByHostLabel(label), cancellationToken);
        var resolved = environment is null ? ResolvedHost.Unknown : new ResolvedHost(HostKind.Environment, environment);
        _cache.Set(label, resolved, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return resolved;
    }

    public void Dispose() => _cache.Dispose();
}
