using Microsoft.AspNetCore.Mvc;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The dashboard's front door: the first environment's overview.</summary>
public sealed class HomeController : DashboardController
{
    [HttpGet("/")]
    public IActionResult Index() =>
        Workspace.Environments.Count == 0
            ? NotFound()
            : RedirectToAction(nameof(OverviewController.Index), "Overview", new { environment = Workspace.Environments[0].Slug });
}
