using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// Hangfire's dashboard at <see cref="Path"/>, on the dashboard host only, for a signed-in admin: the
/// endpoint requires the Dashboard scheme (an anonymous visitor is sent to sign in, like every
/// dashboard page), and Hangfire's own filter checks it again. Its forms post with the app's
/// antiforgery token, which Hangfire validates when ASP.NET Core antiforgery is registered.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/jobs";

    public static void MapJobsDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboard(Path, new DashboardOptions
            {
                Authorization = [new SignedInAdminFilter()],
                DashboardTitle = "Paylent jobs",
                AppPath = "/",
                DisplayStorageConnectionString = false,
            }, endpoints.ServiceProvider.GetRequiredService<JobStorage>())
            .WithMetadata(new DashboardHostAttribute())
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = DashboardAuthentication.Scheme });

    private sealed class SignedInAdminFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == DashboardAuthentication.Scheme);
    }
}
