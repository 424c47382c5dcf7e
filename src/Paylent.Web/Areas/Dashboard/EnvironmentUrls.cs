using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Tenancy;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// Links between pages of the environment being shown. Attribute routes drop the ambient
/// <c>{environment}</c> once the target action differs, so it is passed on explicitly.
/// </summary>
public static class EnvironmentUrls
{
    public static string ForEnvironment(this IUrlHelper url, string action, string? controller = null, object? values = null)
    {
        var routeValues = new RouteValueDictionary(values)
        {
            [DashboardController.EnvironmentRouteKey] = url.ActionContext.RouteData.Values[DashboardController.EnvironmentRouteKey],
        };
        return url.Action(action, controller, routeValues) ?? throw new InvalidOperationException($"No route to {controller}.{action}.");
    }

    /// <summary>
    /// The environment's own address (its issuer, where its hosted pages live) as seen from a dashboard
    /// request: the dashboard is served on the bare base domain, so the environment is its
    /// <c>{account}-{environment}</c> label under it, reached on the same scheme and port.
    /// </summary>
    public static string IssuerSeenFrom(this EnvironmentSummary environment, HttpRequest dashboardRequest) =>
        dashboardRequest.HttpContext.RequestServices.GetRequiredService<PublicOrigin>().Of(dashboardRequest.HttpContext, environment);
}
