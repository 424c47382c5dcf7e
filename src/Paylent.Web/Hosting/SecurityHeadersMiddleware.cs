namespace Paylent.Web.Hosting;

/// <summary>Browser hardening on every response: no framing, no MIME sniffing, no cross-site referrers, scripts only from this host.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // htmx adds its indicator styles inline, hence 'unsafe-inline' for styles (never for scripts).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return next(context);
    }
}
