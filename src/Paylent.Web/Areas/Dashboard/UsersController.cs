using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Access.Assignments;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Users;
using Paylent.Application.Organizations.Memberships;
using Paylent.Domain.Identity;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The selected environment's users: search, create, edit, disable, recovery help and deletion.</summary>
[Route("environments/{environment}/users")]
public sealed class UsersController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery, MaxLength(InputRules.MaxEmailLength)] string? search, [FromQuery, Range(1, PageRequest.MaxNumber)] int page = 1)
    {
        if (!ModelState.IsValid)
        {
            (search, page) = (null, 1);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var users = await Dispatcher.Send(new ListUsers(Search: search, Page: new PageRequest(page)), HttpContext.RequestAborted);
        var model = new UsersPage(search, users);
        return this.FragmentOrPage("_List", model);
    }

    [HttpGet("new")]
    public IActionResult New() => View(new NewUserForm());

    [HttpPost("new")]
    public async Task<IActionResult> New([FromForm] NewUserForm form)
    {
        var password = string.IsNullOrEmpty(form.Password) ? null : form.Password;
        var (created, user) = await SendAsync(new CreateUser(form.ToProfile(), password));
        if (created)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id = user!.Id, flash = Flash.UserCreated });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(form);
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id)
    {
        var user = await GetAsync(id);
        return View(await PageAsync(user, EditUserForm.From(user)));
    }

    [HttpPost("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, [FromForm] EditUserForm form)
    {
        var user = await GetAsync(id);
        var (saved, _) = await SendAsync(new UpdateUser(id, UserChanges.All(form.ToProfile(), form.Status), CurrentEnvironment.IssuerSeenFrom(Request)));
        if (saved)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash = Flash.UserSaved });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(await PageAsync(user, form));
    }

    [HttpPost("{id:guid}/verify-email")]
    public async Task<IActionResult> VerifyEmail(Guid id) => await ActOnDetailsAsync(id, new VerifyUserEmail(id), Flash.EmailVerified);

    /// <summary>Emails the user a reset link to their environment's hosted page; the admin never sees the link.</summary>
    [HttpPost("{id:guid}/password-reset")]
    public async Task<IActionResult> SendPasswordReset(Guid id)
    {
        var user = await GetAsync(id);
        return await ActOnDetailsAsync(id, new RequestPasswordReset(user.Email, CurrentEnvironment.IssuerSeenFrom(Request)), Flash.PasswordResetSent);
    }

    [HttpGet("{id:guid}/password")]
    public async Task<IActionResult> SetPassword(Guid id) => View(new SetPasswordPage(await GetAsync(id)));

    [HttpPost("{id:guid}/password")]
    public async Task<IActionResult> SetPassword(Guid id, [FromForm] SetPasswordForm form)
    {
        var user = await GetAsync(id);
        var (set, _) = await SendAsync(new SetUserPassword(id, form.Password ?? string.Empty));
        if (set)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash = Flash.PasswordSet });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(new SetPasswordPage(user));
    }

    [HttpGet("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id) => View(await GetAsync(id));

    [HttpPost("{id:guid}/delete")]
    [ActionName(nameof(Delete))]
    public async Task<IActionResult> DeleteConfirmed(Guid id)
    {
        var (deleted, _) = await SendAsync(new DeleteUser(id));
        if (!deleted)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await GetAsync(id));
        }

        return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash = Flash.UserDeleted });
    }

    /// <summary>A one-button action on the details page: back there with a confirmation, or the page with the refusal.</summary>
    private async Task<IActionResult> ActOnDetailsAsync<TResult>(Guid id, ICommand<TResult> command, string flash)
    {
        var (done, _) = await SendAsync(command);
        if (done)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        var user = await GetAsync(id);
        return View(nameof(Details), await PageAsync(user, EditUserForm.From(user)));
    }

    private async Task<UserPage> PageAsync(UserDto user, EditUserForm form) =>
        new(
            user,
            form,
            await Dispatcher.Send(new ListUserOrganizations(user.Id, new PageRequest(1, PageRequest.MaxSize)), HttpContext.RequestAborted),
            await SubjectRolesPage.LoadAsync(Dispatcher, RoleSubject.User(user.Id), "users", user.Id, HttpContext.RequestAborted));

    private Task<UserDto> GetAsync(Guid id) => Dispatcher.Send(new GetUser(id), HttpContext.RequestAborted);

    private Task<(bool Succeeded, TResult? Result)> SendAsync<TResult>(ICommand<TResult> command) =>
        Dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);
}

public sealed record UsersPage(string? Search, Page<UserDto> Users);

/// <summary>A user's page; <see cref="Organizations"/> is the first page of the organizations the user belongs to.</summary>
public sealed record UserPage(UserDto User, EditUserForm Form, Page<UserOrganizationDto> Organizations, SubjectRolesPage Roles);

public sealed record SetPasswordPage(UserDto User);
