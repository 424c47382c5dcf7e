using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Tenancy;
using Paylent.Application.Tenancy.AdminSessions;
using Paylent.Domain.Tenancy;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The dashboard's cookie: one host-only cookie on the bare base domain, naming a server-side admin
/// session. Every request checks that session is still live (not signed out or revoked, within its idle
/// and absolute lifetimes), so a copied cookie stops working the moment its session ends.
/// </summary>
public static class DashboardAuthentication
{
    public const string Scheme = "Dashboard";
    public const string AccountIdClaim = "paylent:account_id";
    public const string SessionIdClaim = "paylent:admin_session_id";

    /// <summary>The session's random token; the database keeps only its hash. The cookie is encrypted, so it is never readable.</summary>
    public const string SessionTokenClaim = "paylent:admin_session";

    public static IServiceCollection AddDashboardAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "paylent_dashboard";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/sign-in";
            options.LogoutPath = "/sign-out";
            options.AccessDeniedPath = "/sign-in";

            // The server-side session slides; the cookie need not be re-issued on every request to do so.
            options.SlidingExpiration = false;
            options.CookieManager = new HostPrefixedCookieManager();
            options.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<AdminSessionPolicy>((options, policy) => options.ExpireTimeSpan = policy.AbsoluteLifetime);
        services.AddAuthorization();
        return services;
    }

    public static ClaimsPrincipal Principal(SignedInAdmin admin) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, admin.AdminId.ToString()),
            new Claim(ClaimTypes.Email, admin.Email),
            new Claim(AccountIdClaim, admin.AccountId.ToString()),
            new Claim(SessionIdClaim, admin.SessionId.ToString()),
            new Claim(SessionTokenClaim, admin.SessionToken),
        ],
        Scheme));

    public static Guid? AdminId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? AdminSessionId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionIdClaim), out var id) ? id : null;

    public static string? AdminSessionToken(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(SessionTokenClaim) is { Length: > 0 } token ? token : null;

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var token = context.Principal?.AdminSessionToken();
        var admin = token is null
            ? null
            : await context.HttpContext.RequestServices.GetRequiredService<IDispatcher>()
                .Send(new AuthenticateAdminSession(token), context.HttpContext.RequestAborted);
        if (admin is null || admin.SessionId != context.Principal!.AdminSessionId())
        {
            // Signed out, revoked or expired, or a cookie from before sessions were kept server-side.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
