using Microsoft.Extensions.Options;
using Paylent.Application.Tenancy;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Domains.Tls;

namespace Paylent.Web.Hosting;

/// <summary>The <c>Paylent:PublicOrigin</c> section: the scheme and port Paylent is reached on, when not the request's own.</summary>
public sealed class PublicOriginOptions
{
    public const string Section = "Paylent:PublicOrigin";

    /// <summary><c>http</c> or <c>https</c>; unset, the request's scheme (as a trusted proxy forwards it).</summary>
    public string? Scheme { get; set; }

    /// <summary>Unset, the port the request reached: the listener's, or the scheme's default when a trusted proxy (or a configured scheme) publishes Paylent.</summary>
    public int? Port { get; set; }
}

/// <summary>
/// The one place absolute URLs start: the issuer (and so discovery, tokens and the management API's
/// audience), emailed links, JSON:API links and <c>Location</c>s, the dashboard's links to an environment.
/// The host name is the one the request resolved to (the environment's <c>{label}.{BaseDomain}</c>, an
/// active custom domain, or the base domain), never the Host header's text; its port never comes from the Host header either, so
/// <c>Host: demo-test.localhost:31337</c> cannot put 31337 in a reset link.
/// </summary>
public sealed class PublicOrigin
{
    private readonly PublicOriginOptions _options;
    private readonly string _baseDomain;
    private readonly int _customDomainPort;

    public PublicOrigin(IOptions<PublicOriginOptions> options, IOptions<PaylentOptions> paylent, IOptions<TlsOptions> tls)
    {
        _options = options.Value;
        _baseDomain = paylent.Value.BaseDomain.TrimEnd('.').ToLowerInvariant();
        _customDomainPort = tls.Value.RedirectPort;
    }

    /// <summary>The origin of the host serving <paramref name="context"/>; only a resolved (dashboard or environment) host has one.</summary>
    public string Of(HttpContext context) => context.Features.Get<ResolvedHost>() switch
    {
        // A custom domain is served over HTTPS only (plain HTTP redirects there), on the port its clients
        // reach the HTTPS listener on (Paylent:Https:RedirectPort, 443), whatever listener or proxy the
        // request came through: its issuer is https://{domain} (docs/domains.md, "Routing").
        { Kind: HostKind.Environment, CustomDomain: { } domain } => Format(Uri.UriSchemeHttps, domain, _customDomainPort),
        { Kind: HostKind.Environment, Environment: { } environment } => Of(context, environment),
        { Kind: HostKind.Dashboard } => Origin(context, _baseDomain),
        _ => throw new InvalidOperationException("A request to an unknown host has no public origin."),
    };

    /// <summary>The origin of <paramref name="environment"/>'s host, as reached through the same front door as <paramref name="context"/> (a dashboard request).</summary>
    public string Of(HttpContext context, EnvironmentSummary environment) => Origin(context, $"{environment.HostLabel}.{_baseDomain}");

    /// <summary>The origin <paramref name="host"/> is announced on at start-up (the console banner), before any request: the configured one, else the listener's.</summary>
    public string Announced(string host, Uri? listener)
    {
        var scheme = _options.Scheme ?? listener?.Scheme ?? Uri.UriSchemeHttp;
        return Format(scheme, host.TrimEnd('.').ToLowerInvariant(), _options.Port ?? (_options.Scheme is null ? listener?.Port : null));
    }

    private string Origin(HttpContext context, string host) =>
        Format(_options.Scheme ?? context.Request.Scheme, host, _options.Port ?? ListenerPort(context));

    private static string Format(string scheme, string host, int? port)
    {
        scheme = scheme.ToLowerInvariant();
        var defaultPort = IsHttps(scheme) ? 443 : 80;
        return port is null || port == defaultPort ? $"{scheme}://{host}" : $"{scheme}://{host}:{port}";
    }

    /// <summary>
    /// The port the connection really reached, unless something in front publishes Paylent: a trusted
    /// proxy, or a configured scheme (which says Paylent is published, on that scheme's default port).
    /// </summary>
    private int? ListenerPort(HttpContext context) =>
        _options.Scheme is null && context.Features.Get<ProxiedRequest>() is null && context.Connection.LocalPort is > 0 and var port ? port : null;

    internal static bool IsHttp(string scheme) => string.Equals(scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase);

    internal static bool IsHttps(string scheme) => string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
}

public static class PublicOriginExtensions
{
    public static IServiceCollection AddPublicOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublicOriginOptions>()
            .Bind(configuration.GetSection(PublicOriginOptions.Section))
            .Validate(o => o.Scheme is null || Hosting.PublicOrigin.IsHttp(o.Scheme) || Hosting.PublicOrigin.IsHttps(o.Scheme), $"{PublicOriginOptions.Section}:Scheme must be http or https.")
            .Validate(o => o.Port is null or (>= 1 and <= 65535), $"{PublicOriginOptions.Section}:Port must be between 1 and 65535.")
            .ValidateOnStart();
        return services.AddSingleton<PublicOrigin>();
    }

    /// <summary>The public origin of the host serving this request (<see cref="PublicOrigin"/>).</summary>
    public static string PublicOrigin(this HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<PublicOrigin>().Of(request.HttpContext);
}
