using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Paylent.Web.Hosting;

/// <summary>The <c>Paylent:ForwardedHeaders</c> section: the reverse proxies whose forwarded headers are believed.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Paylent:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form (<c>10.42.0.0/16</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// The reverse proxies Paylent believes: from them, and only from them, <c>X-Forwarded-For</c> names
/// the client (which per-address limits and the audit trail then see) and <c>X-Forwarded-Proto</c>
/// the scheme it used (so behind a TLS-terminating proxy cookies are Secure and the issuer is https).
/// None by default, loopback included: a request straight to the listener, from anywhere, cannot
/// claim another address or scheme. <c>X-Forwarded-Host</c> is never read: the host name comes from
/// the host the request resolved to (<see cref="PublicOrigin"/>).
/// </summary>
public sealed class TrustedProxies
{
    private readonly IPAddress[] _proxies;
    private readonly System.Net.IPNetwork[] _networks;

    public TrustedProxies(ForwardedHeadersSettings settings)
    {
        _proxies = [.. settings.KnownProxies.Select(value => IPAddress.TryParse(value, out var address)
            ? Normalized(address)
            : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownProxies: '{value}' is not an IP address."))];
        _networks = [.. settings.KnownNetworks.Select(value => System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownNetworks: '{value}' is not a network in CIDR form (10.0.0.0/8)."))];
    }

    public bool Any => _proxies.Length > 0 || _networks.Length > 0;

    /// <summary>Whether <paramref name="address"/> (a connection's peer) is a trusted proxy; the same rule the forwarded-headers middleware applies.</summary>
    public bool Trusts(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var normalized = Normalized(address);
        return _proxies.Contains(normalized) || _networks.Any(network => network.Contains(normalized));
    }

    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in _proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in _networks)
        {
            options.KnownIPNetworks.Add(network);
        }

        // No count limit: the middleware walks X-Forwarded-For from the right while each hop is a trusted
        // proxy and stops at the first address that is not, so a chain (CDN, then ingress) works when each
        // is listed, and whatever a client wrote further left is never read.
        options.ForwardLimit = null;
    }

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

/// <summary>Marks a request whose connection came from a trusted proxy: its public origin is the proxy's, not the listener's.</summary>
public sealed class ProxiedRequest
{
    public static readonly ProxiedRequest Instance = new();

    private ProxiedRequest()
    {
    }
}

public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddPaylentForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = new TrustedProxies(configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings());
        services.AddSingleton(proxies);
        services.Configure<ForwardedHeadersOptions>(proxies.Configure);
        return services;
    }

    public static void UsePaylentForwardedHeaders(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<TrustedProxies>();

        // ASP.NET's middleware checks the sender only when some proxy is known: with empty lists it would
        // believe every sender. So with none configured it is not used at all.
        if (!proxies.Any)
        {
            return;
        }

        app.Use((context, next) =>
        {
            if (proxies.Trusts(context.Connection.RemoteIpAddress))
            {
                context.Features.Set(ProxiedRequest.Instance);
            }

            return next(context);
        });
        app.UseForwardedHeaders();
    }
}
