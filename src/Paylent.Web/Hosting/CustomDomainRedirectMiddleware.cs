using System.Globalization;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Domains.Tls;

namespace Paylent.Web.Hosting;

/// <summary>
/// Plain HTTP on the custom domains' HTTP listener, for a host that has a certificate, is sent to HTTPS
/// with the same path and query. 308 (RFC 9110 §15.4.9) rather than 301: a 301 lets clients turn a POST
/// into a GET (§15.4.2), which would silently drop a form or token request's body. The ACME challenge path
/// never redirects (it is answered before this), and a host without a certificate has nowhere to go.
/// </summary>
public sealed class CustomDomainRedirectMiddleware(RequestDelegate next, TlsCertificates certificates, IOptions<TlsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps || !CustomDomainListeners.OnCustomDomainHttp(context)
            || HostResolver.AsciiNameOf(context.Request) is not { } host || !certificates.Has(host))
        {
            return next(context);
        }

        var port = options.Value.RedirectPort;
        var authority = port == 443 ? host : string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
        var request = context.Request;
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = $"https://{authority}{request.PathBase}{request.Path}{request.QueryString}";
        return Task.CompletedTask;
    }
}
