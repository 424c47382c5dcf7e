using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Paylent.Web.Api;
using Paylent.Web.Areas.Dashboard;
using Paylent.Web.Areas.Hosted;
using Paylent.Web.Common;
using Paylent.Web.Errors;
using Paylent.Web.Hosting;
using Paylent.Web.OAuth;
using Paylent.Web.Observability;

namespace Paylent.Web;

/// <summary>The web host's services and request pipeline, in the order a request meets them.</summary>
public static class WebHost
{
    private const string DefaultUrl = "http://localhost:8080";

    // Large enough for any form or API document Paylent takes (so an oversized field gets a field
    // message, not a dropped connection), small enough to bound what one request can make us read.
    private const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    // Categories whose Information lines print URLs with secrets in their query: request lines (email
    // links' one-time tokens) and redirects (authorization codes, state, login hints).
    private static readonly string[] UrlLoggingCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Mvc.Infrastructure.RedirectResultExecutor",
        "Microsoft.AspNetCore.Mvc.Infrastructure.LocalRedirectResultExecutor",
    ];

    public static void AddPaylentWeb(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });
        builder.AddCustomDomainListeners(DefaultUrl);

        // Held at Warning whatever the configured level (docs/configuration.md, "Logging").
        foreach (var category in UrlLoggingCategories)
        {
            builder.Logging.AddFilter(category, LogLevel.Warning);
        }

        var services = builder.Services;
        services.AddControllersWithViews(mvc =>
        {
            mvc.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            mvc.Filters.Add<AntiforgeryFailureFilter>();

            // jQuery's "a[b]" field names are no form of ours, and their reader throws on an unclosed
            // bracket ("a[b=1"): a 500 for a malformed name. The plain providers read every field we post.
            mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            mvc.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        }).AddRazorOptions(razor =>
        {
            // Each surface is an area with views of its own; the partials both use live in Common,
            // searched after the area's own folders.
            razor.AreaViewLocationFormats.Add("/Common/Views/{0}.cshtml");
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = "RequestVerificationToken";
            antiforgery.Cookie.Name = "paylent_antiforgery";

            // Host-only already (no Domain); on https (a custom domain, a TLS-terminating proxy) also Secure, so
            // plain http on the same name can neither read it nor overwrite it (RFC 6265bis §4.1.2.5).
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddDashboardAuthentication();
        services.AddEndUserAuthentication();
        services.AddPaylentForwardedHeaders(builder.Configuration);
        services.AddPublicOrigin(builder.Configuration);
        services.AddStrictTransportSecurity(builder.Configuration);
        services.AddPaylentRateLimits(builder.Configuration);
        services.AddPaylentHealthChecks();
        builder.AddPaylentTelemetry();
        services.Configure<ManagementOptions>(builder.Configuration.GetSection(ManagementOptions.Section));
        services.AddSingleton<ManagementListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ManagementListener>());
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.AddProblemDetails();
        services.AddSingleton<HostResolver>();
        services.AddSingleton<Areas.Dashboard.NearestPage>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, HostKindMatcherPolicy>());
    }

    public static void UsePaylentPipeline(this WebApplication app)
    {
        // First: everything after sees the client's address and scheme as the trusted proxy forwards them.
        app.UsePaylentForwardedHeaders();
        app.UseMiddleware<StrictTransportSecurityMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => StatusCodePages.WriteAsync(context));
        app.UseMiddleware<SecurityHeadersMiddleware>();

        // Before host resolution: a custom domain is validated and redirected before it routes anywhere.
        app.UseMiddleware<AcmeChallengeMiddleware>();
        app.UseMiddleware<CustomDomainRedirectMiddleware>();
        app.UseStaticFiles();
        app.UseMiddleware<HostResolutionMiddleware>();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseSessionAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<InputTextMiddleware>();
        app.UseMiddleware<RequestAuditMiddleware>();
        app.MapPaylentHealthChecks();
        app.MapControllers();
        app.MapOAuthEndpoints();
        app.MapManagementApi();
        app.MapJobsDashboard();
    }
}
