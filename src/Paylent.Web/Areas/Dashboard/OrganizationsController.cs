using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Application.Identity.Users;
using Paylent.Application.Organizations.Invitations;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Domain.Organizations;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// The selected environment's organizations: list and search, create, and an organization's page with
/// its settings, members (roles, status) and invitations (invite, resend, revoke); deletion after
/// confirmation. Every refusal of the use cases (the last-owner rule, a taken slug, an address already
/// invited) comes back as a message on the form that caused it.
/// </summary>
[Route("environments/{environment}/organizations")]
public sealed class OrganizationsController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery, MaxLength(Organization.MaxNameLength)] string? search, [FromQuery, Range(1, PageRequest.MaxNumber)] int page = 1)
    {
        if (!ModelState.IsValid)
        {
            (search, page) = (null, 1);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var organizations = await Dispatcher.Send(new ListOrganizations(Search: search, Page: new PageRequest(page)), HttpContext.RequestAborted);
        return this.FragmentOrPage("_List", new OrganizationsPage(search, organizations));
    }

    [HttpGet("new")]
    public IActionResult New() => View(new NewOrganizationForm());

    [HttpPost("new")]
    public async Task<IActionResult> New([FromForm] NewOrganizationForm form)
    {
        var (created, organization) = await SendAsync(new CreateOrganization(form.Slug ?? string.Empty, form.Name ?? string.Empty, form.Metadata));
        if (created)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id = organization!.Id, flash = Flash.OrganizationCreated });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(form);
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, [FromQuery, Range(1, PageRequest.MaxNumber)] int members = 1, [FromQuery, Range(1, PageRequest.MaxNumber)] int invitations = 1)
    {
        if (!ModelState.IsValid)
        {
            (members, invitations) = (1, 1);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View(await PageAsync(id, new OrganizationForms(), members, invitations));
    }

    [HttpPost("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, [FromForm] EditOrganizationForm form)
    {
        var (saved, _) = await SendAsync(new UpdateOrganization(id, form.Name ?? string.Empty, form.Metadata));
        return await BackToDetailsAsync(id, saved, Flash.OrganizationSaved, new OrganizationForms(Edit: form, Failed: OrganizationForms.Settings));
    }

    /// <summary>Adds a user of the environment, named by email address or id.</summary>
    [HttpPost("{id:guid}/members")]
    public async Task<IActionResult> AddMember(Guid id, [FromForm] AddMemberForm form)
    {
        var userId = await FindUserAsync(form.User);
        if (userId is null)
        {
            ModelState.AddModelError(nameof(AddMemberForm.User), string.IsNullOrWhiteSpace(form.User)
                ? "Enter the email address or id of a user of this environment."
                : "No user of this environment has this email address or id.");
        }

        var (added, _) = await SendAsync(new Application.Organizations.Memberships.AddMember(id, userId.GetValueOrDefault(), form.Status, form.RoleIds));
        return await BackToDetailsAsync(id, added, Flash.MemberAdded, new OrganizationForms(AddMember: form, Failed: OrganizationForms.Members));
    }

    [HttpGet("{id:guid}/members/{membershipId:guid}")]
    public async Task<IActionResult> Member(Guid id, Guid membershipId) => View(await MemberPageAsync(id, membershipId, null));

    /// <summary>Replaces the member's organization roles and sets its status: activate, deactivate, promote, demote.</summary>
    [HttpPost("{id:guid}/members/{membershipId:guid}")]
    public async Task<IActionResult> Member(Guid id, Guid membershipId, [FromForm] MemberForm form)
    {
        var (saved, _) = await SendAsync(new UpdateMembership(id, membershipId, form.Status, form.RoleIds));
        if (saved)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash = Flash.MemberSaved });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(await MemberPageAsync(id, membershipId, form));
    }

    [HttpGet("{id:guid}/members/{membershipId:guid}/remove")]
    public async Task<IActionResult> RemoveMember(Guid id, Guid membershipId) => View(await MemberPageAsync(id, membershipId, null));

    [HttpPost("{id:guid}/members/{membershipId:guid}/remove")]
    [ActionName(nameof(RemoveMember))]
    public async Task<IActionResult> RemoveMemberConfirmed(Guid id, Guid membershipId)
    {
        var (removed, _) = await SendAsync(new Application.Organizations.Memberships.RemoveMember(id, membershipId));
        if (removed)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash = Flash.MemberRemoved });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(await MemberPageAsync(id, membershipId, null));
    }

    /// <summary>Invites an email address; the email links to the environment's hosted accept page.</summary>
    [HttpPost("{id:guid}/invitations")]
    public async Task<IActionResult> Invite(Guid id, [FromForm] InviteForm form)
    {
        var (sent, _) = await SendAsync(new CreateInvitation(
            id, form.Email ?? string.Empty, form.RoleIds, form.LifetimeDays, CurrentEnvironment.IssuerSeenFrom(Request)));
        return await BackToDetailsAsync(id, sent, Flash.InvitationSent, new OrganizationForms(Invite: form, Failed: OrganizationForms.Invitations));
    }

    [HttpPost("{id:guid}/invitations/{invitationId:guid}/resend")]
    public async Task<IActionResult> Resend(Guid id, Guid invitationId)
    {
        var (resent, _) = await SendAsync(new ResendInvitation(id, invitationId, CurrentEnvironment.IssuerSeenFrom(Request)));
        return await BackToDetailsAsync(id, resent, Flash.InvitationResent, new OrganizationForms(Failed: OrganizationForms.Invitations));
    }

    [HttpGet("{id:guid}/invitations/{invitationId:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid id, Guid invitationId) => View(await RevokePageAsync(id, invitationId));

    [HttpPost("{id:guid}/invitations/{invitationId:guid}/revoke")]
    [ActionName(nameof(Revoke))]
    public async Task<IActionResult> RevokeConfirmed(Guid id, Guid invitationId)
    {
        var (revoked, _) = await SendAsync(new RevokeInvitation(id, invitationId));
        if (revoked)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash = Flash.InvitationRevoked });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(await RevokePageAsync(id, invitationId));
    }

    [HttpGet("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id) => View(await GetAsync(id));

    [HttpPost("{id:guid}/delete")]
    [ActionName(nameof(Delete))]
    public async Task<IActionResult> DeleteConfirmed(Guid id)
    {
        var (deleted, _) = await SendAsync(new DeleteOrganization(id));
        if (!deleted)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await GetAsync(id));
        }

        return RedirectToAction(nameof(Index), new { environment = CurrentEnvironment.Slug, flash = Flash.OrganizationDeleted });
    }

    private async Task<IActionResult> BackToDetailsAsync(Guid id, bool done, string flash, OrganizationForms forms)
    {
        if (done)
        {
            return RedirectToAction(nameof(Details), new { environment = CurrentEnvironment.Slug, id, flash });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Details), await PageAsync(id, forms, 1, 1));
    }

    /// <summary>The user a form names: an id, else an email address (exactly, as Identity compares them).</summary>
    private async Task<Guid?> FindUserAsync(string? user)
    {
        var text = user?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return (await Dispatcher.Send(new GetUsers([id]), HttpContext.RequestAborted)).Count == 1 ? id : null;
        }

        var found = await Dispatcher.Send(new ListUsers(Email: text, Page: new PageRequest(1, 1)), HttpContext.RequestAborted);
        return found.Items.Count == 1 ? found.Items[0].Id : null;
    }

    private async Task<OrganizationPage> PageAsync(Guid id, OrganizationForms forms, int membersPage, int invitationsPage)
    {
        var organization = await GetAsync(id);
        var memberships = await Dispatcher.Send(new ListMemberships(id, Page: new PageRequest(membersPage)), HttpContext.RequestAborted);
        var users = await Dispatcher.Send(new GetUsers([.. memberships.Items.Select(m => m.UserId)]), HttpContext.RequestAborted);
        var members = new Page<MemberRow>(
            [.. memberships.Items.Select(m => new MemberRow(m, users.FirstOrDefault(u => u.Id == m.UserId)?.Email))],
            memberships.Number, memberships.Size, memberships.HasNext);
        var invitations = await Dispatcher.Send(new ListInvitations(id, Page: new PageRequest(invitationsPage)), HttpContext.RequestAborted);
        return new OrganizationPage(organization, forms with { Edit = forms.Edit ?? EditOrganizationForm.From(organization) }, members, invitations, await RolesAsync());
    }

    private async Task<MemberPage> MemberPageAsync(Guid id, Guid membershipId, MemberForm? form)
    {
        var organization = await GetAsync(id);
        var membership = await Dispatcher.Send(new GetMembership(id, membershipId), HttpContext.RequestAborted);
        var user = (await Dispatcher.Send(new GetUsers([membership.UserId]), HttpContext.RequestAborted)).FirstOrDefault();
        return new MemberPage(organization, new MemberRow(membership, user?.Email), form ?? MemberForm.From(membership), await RolesAsync());
    }

    private async Task<RevokeInvitationPage> RevokePageAsync(Guid id, Guid invitationId) =>
        new(await GetAsync(id), await Dispatcher.Send(new GetInvitation(id, invitationId), HttpContext.RequestAborted));

    private async Task<IReadOnlyList<RoleDto>> RolesAsync() =>
        (await Dispatcher.Send(new ListRoles(Page: new PageRequest(1, PageRequest.MaxSize)), HttpContext.RequestAborted)).Items;

    private Task<OrganizationDto> GetAsync(Guid id) => Dispatcher.Send(new GetOrganization(id), HttpContext.RequestAborted);

    private Task<(bool Succeeded, TResult? Result)> SendAsync<TResult>(ICommand<TResult> command) =>
        Dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);
}

public sealed record OrganizationsPage(string? Search, Page<OrganizationDto> Organizations);

/// <summary>An organization's page; <see cref="Roles"/> are the environment's, offered by the role pickers.</summary>
public sealed record OrganizationPage(
    OrganizationDto Organization, OrganizationForms Forms, Page<MemberRow> Members, Page<InvitationDto> Invitations, IReadOnlyList<RoleDto> Roles);

/// <summary>
/// The forms of an organization's page as last posted, and which one failed (<see cref="Failed"/>), so
/// its messages show beside it rather than at the top of a long page.
/// </summary>
public sealed record OrganizationForms(
    EditOrganizationForm? Edit = null, AddMemberForm? AddMember = null, InviteForm? Invite = null, string? Failed = null)
{
    public const string Settings = "settings";
    public const string Members = "members";
    public const string Invitations = "invitations";
}

/// <param name="Email">The member's email address; null if the user is gone since the page was read.</param>
public sealed record MemberRow(MembershipDto Membership, string? Email);

public sealed record MemberPage(OrganizationDto Organization, MemberRow Member, MemberForm Form, IReadOnlyList<RoleDto> Roles);

public sealed record RevokeInvitationPage(OrganizationDto Organization, InvitationDto Invitation);

public sealed class NewOrganizationForm
{
    public string? Slug { get; set; }

    public string? Name { get; set; }

    public string? Metadata { get; set; }
}

public sealed class EditOrganizationForm
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public string? Name { get; set; }

    public string? Metadata { get; set; }

    /// <summary>The stored metadata indented for editing; the empty object as an empty field.</summary>
    public static EditOrganizationForm From(OrganizationDto organization)
    {
        if (organization.Metadata == Organization.EmptyMetadata)
        {
            return new() { Name = organization.Name };
        }

        using var metadata = JsonDocument.Parse(organization.Metadata);
        return new() { Name = organization.Name, Metadata = JsonSerializer.Serialize(metadata.RootElement, IndentedJson) };
    }
}

public sealed class AddMemberForm
{
    [Display(Name = "User")]
    public string? User { get; set; }

    [Display(Name = "Roles")]
    public List<Guid> RoleIds { get; set; } = [];

    public MembershipStatus Status { get; set; } = MembershipStatus.Active;
}

public sealed class MemberForm
{
    public MembershipStatus Status { get; set; }

    [Display(Name = "Roles")]
    public List<Guid> RoleIds { get; set; } = [];

    public static MemberForm From(MembershipDto membership) => new()
    {
        Status = membership.Status == "active" ? MembershipStatus.Active : MembershipStatus.Inactive,
        RoleIds = [.. membership.Roles.Select(r => r.Id)],
    };
}

public sealed class InviteForm
{
    public string? Email { get; set; }

    [Display(Name = "Roles")]
    public List<Guid> RoleIds { get; set; } = [];

    [Display(Name = "Lifetime (days)")]
    public int? LifetimeDays { get; set; } = Invitation.DefaultLifetimeDays;
}

/// <summary>A role picker: the environment's roles as checkboxes named <c>RoleIds</c>, <see cref="Selected"/> ticked.</summary>
public sealed record RolePicker(string Legend, string TestId, IReadOnlyList<RoleDto> Roles, IReadOnlyCollection<Guid> Selected);
