using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Common;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>A user's sessions in the selected environment, each revocable after a confirmation.</summary>
[Route("environments/{environment}/users/{userId:guid}/sessions")]
public sealed class UserSessionsController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Guid userId)
    {
        var user = await Dispatcher.Send(new GetUser(userId), HttpContext.RequestAborted);
        var sessions = await Dispatcher.Send(new ListSessions(userId), HttpContext.RequestAborted);
        return View(new UserSessionsPage(user, sessions));
    }

    [HttpGet("{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid userId, Guid id) => View(await GetAsync(userId, id));

    [HttpPost("{id:guid}/revoke")]
    [ActionName(nameof(Revoke))]
    public async Task<IActionResult> RevokeConfirmed(Guid userId, Guid id)
    {
        var session = await GetAsync(userId, id);
        var (revoked, _) = await Dispatcher.TrySendAsync(new RevokeSession(id), ModelState, HttpContext.RequestAborted);
        if (!revoked)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(session);
        }

        return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, userId, flash = Flash.SessionRevoked });
    }

    /// <summary>The session, if it is this user's: another user's session id in the address is not found.</summary>
    private async Task<SessionPage> GetAsync(Guid userId, Guid id)
    {
        var user = await Dispatcher.Send(new GetUser(userId), HttpContext.RequestAborted);
        var session = await Dispatcher.Send(new GetSession(id), HttpContext.RequestAborted);
        return session.UserId == userId ? new SessionPage(user, session) : throw new NotFoundException("session");
    }
}

public sealed record UserSessionsPage(UserDto User, IReadOnlyList<SessionDto> Sessions);

public sealed record SessionPage(UserDto User, SessionDto Session);
