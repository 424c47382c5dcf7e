using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Tenancy.AdminSessions;
using Paylent.Domain.Tenancy;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The signed-in admin's own dashboard sessions, each revocable after a confirmation; revoking this browser's signs it out.</summary>
[Route("sessions")]
public sealed class AdminSessionsController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var sessions = await Dispatcher.Send(new ListAdminSessions(Workspace.AdminId), HttpContext.RequestAborted);
        return View(new AdminSessionsPage(sessions, User.AdminSessionId(), HttpContext.RequestServices.GetRequiredService<AdminSessionPolicy>()));
    }

    [HttpGet("{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid id) => View(await GetAsync(id));

    [HttpPost("{id:guid}/revoke")]
    [ActionName(nameof(Revoke))]
    public async Task<IActionResult> RevokeConfirmed(Guid id)
    {
        var session = await GetAsync(id);
        var (revoked, _) = await Dispatcher.TrySendAsync(new RevokeAdminSession(Workspace.AdminId, id), ModelState, HttpContext.RequestAborted);
        if (!revoked)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(session);
        }

        if (session.Current)
        {
            await HttpContext.SignOutAsync(DashboardAuthentication.Scheme);
            return Redirect("/sign-in");
        }

        return RedirectToAction(nameof(Index), new { flash = Flash.SessionRevoked });
    }

    private async Task<AdminSessionPage> GetAsync(Guid id)
    {
        var session = await Dispatcher.Send(new GetAdminSession(Workspace.AdminId, id), HttpContext.RequestAborted);
        return new AdminSessionPage(session, session.Id == User.AdminSessionId());
    }
}

public sealed record AdminSessionsPage(IReadOnlyList<AdminSessionDto> Sessions, Guid? CurrentSessionId, AdminSessionPolicy Policy)
{
    public static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.TotalDays % 1 == 0 => span.TotalDays == 1 ? "1 day" : $"{span.TotalDays:0} days",
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => span.TotalHours == 1 ? "1 hour" : $"{span.TotalHours:0} hours",
        _ => span.TotalMinutes == 1 ? "1 minute" : $"{span.TotalMinutes:0.##} minutes",
    };
}

public sealed record AdminSessionPage(AdminSessionDto Session, bool Current);
