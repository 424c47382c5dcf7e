using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Paylent.Application.Tenancy;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The dashboard's cookie session: one host-only cookie on the bare base domain.</summary>
public static class DashboardAuthentication
{
    public const string Scheme = "Dashboard";
    public const string AccountIdClaim = "paylent:account_id";

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
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.CookieManager = new HostPrefixedCookieManager();
        });
        services.AddAuthorization();
        return services;
    }

    public static ClaimsPrincipal Principal(SignedInAdmin admin) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, admin.AdminId.ToString()),
            new Claim(ClaimTypes.Email, admin.Email),
            new Claim(AccountIdClaim, admin.AccountId.ToString()),
        ],
        Scheme));

    public static Guid? AdminId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
