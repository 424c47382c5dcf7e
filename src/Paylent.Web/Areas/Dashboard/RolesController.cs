using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Access.Permissions;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.Access;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The selected environment's roles: list, create (optionally scoped to one client), edit, the
/// permissions picker (searched with htmx), included roles, deletion.
/// </summary>
[Route("environments/{environment}/roles")]
public sealed class RolesController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery, MaxLength(Role.MaxNameLength)] string? search, [FromQuery, Range(1, PageRequest.MaxNumber)] int page = 1)
    {
        if (!ModelState.IsValid)
        {
            (search, page) = (null, 1);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var roles = await Dispatcher.Send(new ListRoles(Search: search, Page: new PageRequest(page)), HttpContext.RequestAborted);
        return this.FragmentOrPage("_List", new RolesPage(search, roles));
    }

    [HttpGet("new")]
    public async Task<IActionResult> New() => View(new NewRolePage(new NewRoleForm(), await ClientsAsync()));

    [HttpPost("new")]
    public async Task<IActionResult> New([FromForm] NewRoleForm form)
    {
        var clientId = string.IsNullOrEmpty(form.ClientId) ? null : form.ClientId;
        var (created, role) = await SendAsync(new CreateRole(form.Slug ?? string.Empty, form.Name ?? string.Empty, form.Description, clientId, form.IsDefault));
        if (created)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id = role!.Id, flash = Flash.RoleSaved });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(new NewRolePage(form, await ClientsAsync()));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, [FromQuery, MaxLength(AccessSlugs.MaxLength)] string? search) =>
        View(await PageAsync(id, null, ModelState.IsValid ? search : null));

    [HttpPost("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, [FromForm] EditRoleForm form)
    {
        var (saved, _) = await SendAsync(new UpdateRole(id, form.Name ?? string.Empty, form.Description, form.IsDefault));
        return await BackToDetailsAsync(id, saved, form);
    }

    /// <summary>The picker's search (htmx): permissions whose slug starts with the text; without JavaScript, the details page searched.</summary>
    [HttpGet("{id:guid}/permission-picker")]
    public async Task<IActionResult> PermissionPicker(Guid id, [FromQuery, MaxLength(AccessSlugs.MaxLength)] string? search)
    {
        search = ModelState.IsValid ? search : null;
        return Request.IsHtmxPartial()
            ? PartialView("_PermissionPicker", await PickerAsync(await Dispatcher.Send(new GetRole(id), HttpContext.RequestAborted), search))
            : RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, search });
    }

    [HttpPost("{id:guid}/permissions")]
    public async Task<IActionResult> AddPermissions(Guid id, [FromForm] List<Guid> permissionIds) =>
        await BackToDetailsAsync(id, (await SendAsync(new AddRolePermissions(id, permissionIds))).Succeeded);

    [HttpPost("{id:guid}/permissions/{permissionId:guid}/remove")]
    public async Task<IActionResult> RemovePermission(Guid id, Guid permissionId) =>
        await BackToDetailsAsync(id, (await SendAsync(new RemoveRolePermissions(id, [permissionId]))).Succeeded);

    [HttpPost("{id:guid}/included-roles")]
    public async Task<IActionResult> Include(Guid id, [FromForm] Guid includedRoleId) =>
        await BackToDetailsAsync(id, (await SendAsync(new IncludeRoles(id, [includedRoleId]))).Succeeded);

    [HttpPost("{id:guid}/included-roles/{includedRoleId:guid}/remove")]
    public async Task<IActionResult> Exclude(Guid id, Guid includedRoleId) =>
        await BackToDetailsAsync(id, (await SendAsync(new ExcludeRoles(id, [includedRoleId]))).Succeeded);

    [HttpGet("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id) => View(await Dispatcher.Send(new GetRole(id), HttpContext.RequestAborted));

    [HttpPost("{id:guid}/delete")]
    [ActionName(nameof(Delete))]
    public async Task<IActionResult> DeleteConfirmed(Guid id)
    {
        var (deleted, _) = await SendAsync(new DeleteRole(id));
        if (!deleted)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await Dispatcher.Send(new GetRole(id), HttpContext.RequestAborted));
        }

        return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash = Flash.RoleDeleted });
    }

    private async Task<IActionResult> BackToDetailsAsync(Guid id, bool done, EditRoleForm? form = null)
    {
        if (done)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash = Flash.RoleSaved });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Details), await PageAsync(id, form, null));
    }

    private async Task<PermissionPicker> PickerAsync(RoleDto role, string? search)
    {
        var found = await Dispatcher.Send(new ListPermissions(Search: search, Page: new PageRequest(1, PageRequest.MaxSize)), HttpContext.RequestAborted);
        return new PermissionPicker(role, search, [.. found.Items.Where(p => role.Permissions.All(held => held.Id != p.Id))]);
    }

    private async Task<RolePage> PageAsync(Guid id, EditRoleForm? form, string? search)
    {
        var role = await Dispatcher.Send(new GetRole(id), HttpContext.RequestAborted);
        var others = await Dispatcher.Send(new ListRoles(Page: new PageRequest(1, PageRequest.MaxSize)), HttpContext.RequestAborted);
        var includable = others.Items.Where(r => r.Id != id && (r.ClientId is null || r.ClientId == role.ClientId) && r.IncludedRoles.All(i => i.Id != id)).ToList();
        return new RolePage(role, form ?? EditRoleForm.From(role), includable, await PickerAsync(role, search));
    }

    private async Task<IReadOnlyList<OAuthClientDto>> ClientsAsync() =>
        (await Dispatcher.Send(new ListOAuthClients(new PageRequest(1, PageRequest.MaxSize)), HttpContext.RequestAborted)).Items;

    private Task<(bool Succeeded, TResult? Result)> SendAsync<TResult>(ICommand<TResult> command) =>
        Dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);
}

public sealed record RolesPage(string? Search, Page<RoleDto> Roles);

public sealed record NewRolePage(NewRoleForm Form, IReadOnlyList<OAuthClientDto> Clients);

public sealed record RolePage(RoleDto Role, EditRoleForm Form, IReadOnlyList<RoleDto> Includable, PermissionPicker Picker);

public sealed record PermissionPicker(RoleDto Role, string? Search, IReadOnlyList<PermissionDto> Permissions);

public sealed class NewRoleForm
{
    [Display(Name = "Slug")]
    public string? Slug { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    [Display(Name = "Client")]
    public string? ClientId { get; set; }

    [Display(Name = "Default role for new users")]
    public bool IsDefault { get; set; }
}

public sealed class EditRoleForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    [Display(Name = "Default role for new users")]
    public bool IsDefault { get; set; }

    public static EditRoleForm From(RoleDto role) => new() { Name = role.Name, Description = role.Description, IsDefault = role.IsDefault };
}
