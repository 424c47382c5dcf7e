using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Paylent.Infrastructure.Domains.Tls;

namespace Paylent.Web.Hosting;

/// <summary>
/// The listeners custom domains are reached on, beside the main one: <c>Paylent:Http:Url</c> (ACME HTTP-01
/// answers, redirects to HTTPS) and <c>Paylent:Https:Url</c>, where the certificate is chosen during the
/// handshake from the client's server name (SNI) out of <see cref="TlsCertificates"/>, an in-memory map:
/// a handshake never waits for the database, and an unknown name gets the default certificate.
/// </summary>
public static class CustomDomainListeners
{
    public const string HttpUrlKey = "Paylent:Http:Url";

    private const string CustomDomainHttpKey = "paylent.custom-domain-http";

    public static void AddCustomDomainListeners(this WebApplicationBuilder builder, string defaultUrl)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) => Configure(context.Configuration, kestrel, defaultUrl));
        builder.Services.AddSingleton<IStartupFilter, MainUrlsBoundInCode>();
    }

    /// <summary>Whether the request came in on the custom domains' plain-HTTP listener.</summary>
    public static bool OnCustomDomainHttp(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(CustomDomainHttpKey) == true;

    private static bool Configured(IConfiguration configuration, out string? http, out string? https)
    {
        http = configuration[HttpUrlKey];
        https = configuration[$"{TlsOptions.Section}:{nameof(TlsOptions.Url)}"];
        return !string.IsNullOrEmpty(http) || !string.IsNullOrEmpty(https);
    }

    private static void Configure(IConfiguration configuration, KestrelServerOptions kestrel, string defaultUrl)
    {
        if (!Configured(configuration, out var http, out var https))
        {
            return;
        }

        // Kestrel binds either the `urls` setting or the endpoints configured here, never both: with
        // listeners of its own, the main ones are configured here too, from that same setting.
        foreach (var url in MainUrls(configuration, defaultUrl))
        {
            Listen(kestrel, url, listen =>
            {
                if (string.Equals(BindingAddress.Parse(url).Scheme, "https", StringComparison.OrdinalIgnoreCase))
                {
                    listen.UseHttps();
                }
            });
        }

        if (!string.IsNullOrEmpty(http))
        {
            Listen(kestrel, http, listen => listen.Use(next => connection =>
            {
                connection.Items[CustomDomainHttpKey] = true;
                return next(connection);
            }));
        }

        if (!string.IsNullOrEmpty(https))
        {
            var certificates = kestrel.ApplicationServices.GetRequiredService<TlsCertificates>();
            Listen(kestrel, https, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                // Kestrel adds ALPN (h2, http/1.1) itself when the options name no protocols.
                OnConnection = context => ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = certificates.For(context.ClientHelloInfo.ServerName),
                }),
            }));
        }
    }

    private static IEnumerable<string> MainUrls(IConfiguration configuration, string defaultUrl)
    {
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (configuration["http_ports"] is { Length: > 0 } ports)
        {
            return ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"http://*:{port}");
        }

        return [defaultUrl];
    }

    /// <summary>As Kestrel reads a URL: <c>localhost</c> is both loopbacks, a wildcard or other name every address, an IP itself.</summary>
    private static void Listen(KestrelServerOptions kestrel, string url, Action<ListenOptions> configure)
    {
        var address = BindingAddress.Parse(url);
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase) && address.Port != 0)
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, configure);
        }
        else if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.Listen(IPAddress.Loopback, 0, configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, configure);
        }
    }

    /// <summary>
    /// The host hands the `urls` setting to Kestrel as addresses just before the pipeline is built; with the
    /// listeners above, those addresses are already bound in code, and Kestrel would warn that it overrides
    /// them. Runs after the host added them and before the server starts.
    /// </summary>
    private sealed class MainUrlsBoundInCode(IConfiguration configuration) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (Configured(configuration, out _, out _))
            {
                app.ServerFeatures.Get<IServerAddressesFeature>()?.Addresses.Clear();
            }

            next(app);
        };
    }
}
