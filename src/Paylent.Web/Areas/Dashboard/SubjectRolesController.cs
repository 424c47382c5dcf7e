using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Access.Assignments;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The roles a user or a client's service account holds, with forms to give and take roles: shown on
/// the user and client pages (rendered with them, see <see cref="SubjectRolesPage.LoadAsync"/>) and on a
/// page of its own, where the forms come back to.
/// </summary>
[Route("environments/{environment}")]
public sealed class SubjectRolesController : DashboardController
{
    [HttpGet("users/{id:guid}/roles")]
    public Task<IActionResult> ForUser(Guid id) => ShowAsync(RoleSubject.User(id), "users", id);

    [HttpGet("oauth-clients/{id:guid}/roles")]
    public Task<IActionResult> ForClient(Guid id) => ShowAsync(RoleSubject.Client(id), "oauth-clients", id);

    [HttpPost("users/{id:guid}/roles")]
    public Task<IActionResult> AssignToUser(Guid id, [FromForm] Guid roleId) => ChangeAsync(RoleSubject.User(id), "users", id, new AssignRoles(RoleSubject.User(id), [roleId]));

    [HttpPost("users/{id:guid}/roles/{roleId:guid}/remove")]
    public Task<IActionResult> UnassignFromUser(Guid id, Guid roleId) => ChangeAsync(RoleSubject.User(id), "users", id, new UnassignRoles(RoleSubject.User(id), [roleId]));

    [HttpPost("oauth-clients/{id:guid}/roles")]
    public Task<IActionResult> AssignToClient(Guid id, [FromForm] Guid roleId) => ChangeAsync(RoleSubject.Client(id), "oauth-clients", id, new AssignRoles(RoleSubject.Client(id), [roleId]));

    [HttpPost("oauth-clients/{id:guid}/roles/{roleId:guid}/remove")]
    public Task<IActionResult> UnassignFromClient(Guid id, Guid roleId) => ChangeAsync(RoleSubject.Client(id), "oauth-clients", id, new UnassignRoles(RoleSubject.Client(id), [roleId]));

    private async Task<IActionResult> ShowAsync(RoleSubject subject, string kind, Guid id) =>
        View("SubjectRoles", await PageAsync(subject, kind, id));

    private async Task<IActionResult> ChangeAsync(RoleSubject subject, string kind, Guid id, ICommand<IReadOnlyList<RoleDto>> command)
    {
        var (done, _) = await Dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);
        if (done)
        {
            return Redirect($"/environments/{CurrentEnvironment.Slug}/{kind}/{id}/roles?flash={Flash.RolesChanged}");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("SubjectRoles", await PageAsync(subject, kind, id));
    }

    private Task<SubjectRolesPage> PageAsync(RoleSubject subject, string kind, Guid id) =>
        SubjectRolesPage.LoadAsync(Dispatcher, subject, kind, id, HttpContext.RequestAborted);
}

/// <summary><see cref="Kind"/> is the path segment of the subject's own pages: <c>users</c> or <c>oauth-clients</c>.</summary>
public sealed record SubjectRolesPage(string Kind, Guid Id, IReadOnlyList<RoleDto> Held, IReadOnlyList<RoleDto> Assignable)
{
    public string Path(string environment) => $"/environments/{environment}/{Kind}/{Id}/roles";

    /// <summary>
    /// The roles <paramref name="subject"/> holds and those it could be given. The user and client pages
    /// render them with the page rather than load them after it: a section swapped in later pushed the
    /// links below it down while they were being clicked, and the click was lost.
    /// </summary>
    public static async Task<SubjectRolesPage> LoadAsync(IDispatcher dispatcher, RoleSubject subject, string kind, Guid id, CancellationToken cancellationToken)
    {
        var held = await dispatcher.Send(new ListSubjectRoles(subject), cancellationToken);
        var all = await dispatcher.Send(new ListRoles(Page: new PageRequest(1, PageRequest.MaxSize)), cancellationToken);
        return new SubjectRolesPage(kind, id, held, [.. all.Items.Where(r => held.All(h => h.Id != r.Id))]);
    }
}
