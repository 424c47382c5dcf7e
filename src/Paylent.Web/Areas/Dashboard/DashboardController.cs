using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Tenancy;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// Base of every signed-in dashboard page: loads the admin's workspace for the layout and, for
/// routes under <c>/environments/{environment}</c>, enters that environment after checking it
/// belongs to the admin's account. Their views live in the <c>Dashboard</c> area, laid out like the
/// hosted pages' <c>Hosted</c> area.
/// </summary>
[DashboardHost]
[Area(AreaName)]
[Authorize(AuthenticationSchemes = DashboardAuthentication.Scheme)]
public abstract class DashboardController : Controller
{
    public const string AreaName = "Dashboard";

    public const string EnvironmentRouteKey = "environment";

    protected AdminWorkspace Workspace => (AdminWorkspace)ViewData[nameof(AdminWorkspace)]!;

    protected EnvironmentSummary CurrentEnvironment => (EnvironmentSummary)ViewData[nameof(EnvironmentSummary)]!;

    protected IDispatcher Dispatcher => HttpContext.RequestServices.GetRequiredService<IDispatcher>();

    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (User.AdminId() is not { } adminId)
        {
            context.Result = Challenge(DashboardAuthentication.Scheme);
            return;
        }

        AdminWorkspace workspace;
        try
        {
            workspace = await Dispatcher.Send(new GetAdminWorkspace(adminId), HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            // The admin was removed since the cookie was issued.
            context.Result = SignOut(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = "/sign-in" }, DashboardAuthentication.Scheme);
            return;
        }

        ViewData[nameof(AdminWorkspace)] = workspace;
        if (RouteData.Values[EnvironmentRouteKey] is string slug)
        {
            if (workspace.Find(slug) is not { } environment)
            {
                context.Result = NotFound();
                return;
            }

            HttpContext.RequestServices.GetRequiredService<EnvironmentContext>().Enter(environment.AccountId, environment.Id);
            ViewData[nameof(EnvironmentSummary)] = environment;
        }

        ViewData[nameof(Flash)] = Flash.Message(Request.Query[Flash.QueryKey].ToString());
        var executed = await next();
        if (executed.Exception is NotFoundException && !executed.ExceptionHandled)
        {
            // A page about a client or key that is gone, or belongs to another environment.
            executed.Result = NotFound();
            executed.ExceptionHandled = true;
        }
    }
}
