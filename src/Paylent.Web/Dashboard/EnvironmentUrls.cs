using Microsoft.AspNetCore.Mvc;

namespace Paylent.Web.Dashboard;

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
}
