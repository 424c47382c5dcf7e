using System.Globalization;

namespace Paylent.Web.Hosting;

/// <summary>The <c>Paylent:Hsts</c> section.</summary>
public sealed class StrictTransportSecurityOptions
{
    public const string Section = "Paylent:Hsts";

    /// <summary>How long browsers keep to https (a year, what the HSTS preload list asks); 0 tells them to forget (RFC 6797 §6.1.1).</summary>
    public int MaxAgeSeconds { get; set; } = 31_536_000;

    /// <summary>
    /// Whether the policy also covers subdomains of the host sending it. Off by default: on the dashboard
    /// (the bare base domain) it would reach every other name under that domain, Paylent's or not.
    /// </summary>
    public bool IncludeSubDomains { get; set; }
}

public static class StrictTransportSecurity
{
    public static IServiceCollection AddStrictTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StrictTransportSecurityOptions>()
            .Bind(configuration.GetSection(StrictTransportSecurityOptions.Section))
            .Validate(o => o.MaxAgeSeconds >= 0, $"{StrictTransportSecurityOptions.Section}:MaxAgeSeconds must be 0 or more.")
            .ValidateOnStart();
        return services;
    }
}

/// <summary>
/// <c>Strict-Transport-Security</c> on every https response (RFC 6797 §7.1), never on http (§7.2: a UA
/// ignores it there, and it would be a lie). Written as the response starts, so error pages, redirects
/// and answers from middleware that clears headers (the exception handler) carry it too. Runs after the
/// trusted forwarded headers, so behind a TLS-terminating proxy the browser's https is what counts.
/// </summary>
public sealed class StrictTransportSecurityMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<StrictTransportSecurityOptions> options)
{
    private readonly string _value = string.Create(CultureInfo.InvariantCulture,
        $"max-age={options.Value.MaxAgeSeconds}{(options.Value.IncludeSubDomains ? "; includeSubDomains" : string.Empty)}");

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps)
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.StrictTransportSecurity = _value;
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
