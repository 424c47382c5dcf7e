using Microsoft.AspNetCore.Mvc;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The dashboard's front door: the first environment's audit log.</summary>
public sealed class HomeController : DashboardController
{
    [HttpGet("/")]
    public IActionResult Index() =>
        Workspace.Environments.Count == 0
            ? NotFound()
            : RedirectToAction(nameof(AuditEventsController.Index), "AuditEvents", new { environment = Workspace.Environments[0].Slug });
}
