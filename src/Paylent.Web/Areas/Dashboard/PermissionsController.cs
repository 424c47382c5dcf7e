using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Access.Permissions;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Domain.Access;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The selected environment's permissions: list with search, create, delete (which takes them out of every role).</summary>
[Route("environments/{environment}/permissions")]
public sealed class PermissionsController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery, MaxLength(AccessSlugs.MaxLength)] string? search, [FromQuery, Range(1, PageRequest.MaxNumber)] int page = 1)
    {
        if (!ModelState.IsValid)
        {
            (search, page) = (null, 1);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return this.FragmentOrPage("_List", await PageAsync(search, page, new NewPermissionForm()));
    }

    [HttpPost("")]
    public async Task<IActionResult> Create([FromForm] NewPermissionForm form)
    {
        var (created, _) = await Dispatcher.TrySendAsync(new CreatePermission(form.Slug ?? string.Empty, form.Description), ModelState, HttpContext.RequestAborted);
        if (created)
        {
            return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash = Flash.PermissionCreated });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), await PageAsync(null, 1, form));
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id)
    {
        var (deleted, _) = await Dispatcher.TrySendAsync(new DeletePermission(id), ModelState, HttpContext.RequestAborted);
        if (!deleted)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await PageAsync(null, 1, new NewPermissionForm()));
        }

        return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash = Flash.PermissionDeleted });
    }

    private async Task<PermissionsPage> PageAsync(string? search, int page, NewPermissionForm form) =>
        new(search, await Dispatcher.Send(new ListPermissions(Search: search, Page: new PageRequest(page)), HttpContext.RequestAborted), form);
}

public sealed record PermissionsPage(string? Search, Page<PermissionDto> Permissions, NewPermissionForm Form);

public sealed class NewPermissionForm
{
    public string? Slug { get; set; }

    public string? Description { get; set; }
}
