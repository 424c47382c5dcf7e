using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.Common;
using Paylent.Application.Common.Paging;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Application.OAuth.Consents;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// The signed-in user's own page: who they are, whether their email is confirmed, their live sessions,
/// the applications they allowed and the organizations they belong to (which they may leave).
/// </summary>
[Authorize(AuthenticationSchemes = EndUserAuthentication.Scheme)]
public sealed class AccountController : HostedController
{
    [HttpGet(HostedPaths.Account)]
    public async Task<IActionResult> Index()
    {
        var me = CurrentUser!;
        var user = await Dispatcher.Send(new GetUser(me.UserId), HttpContext.RequestAborted);
        var sessions = await Dispatcher.Send(new ListSessions(me.UserId, ActiveOnly: true), HttpContext.RequestAborted);
        var consents = await Dispatcher.Send(new ListConsents(me.UserId), HttpContext.RequestAborted);
        var organizations = await Dispatcher.Send(new ListUserOrganizations(me.UserId, new PageRequest(1, PageRequest.MaxSize)), HttpContext.RequestAborted);
        return Page("Index", new AccountPage(user, sessions, me.SessionId, consents, organizations, Flash.Message(Request.Query[Flash.QueryKey].ToString())));
    }

    /// <summary>Asks before leaving an organization; one the user is not in is not found.</summary>
    [HttpGet(HostedPaths.Account + "/organizations/{id:guid}/leave")]
    public async Task<IActionResult> Leave(Guid id) => Page("Leave", await MembershipAsync(id));

    /// <summary>Leaves an organization (audited as <c>membership.deleted</c>); the last owner is told why not, and stays.</summary>
    [HttpPost(HostedPaths.Account + "/organizations/{id:guid}/leave")]
    [ActionName(nameof(Leave))]
    public async Task<IActionResult> LeaveConfirmed(Guid id)
    {
        var (left, _) = await TrySendAsync(new LeaveOrganization(CurrentUser!.UserId, id));
        return left
            ? RedirectAfterForm($"{HostedPaths.Account}?{Flash.QueryKey}={Flash.AccountOrganizationLeft}")
            : Page("Leave", await MembershipAsync(id), StatusCodes.Status400BadRequest);
    }

    private async Task<UserOrganizationDto> MembershipAsync(Guid organizationId)
    {
        // An organization the user is not in answers as one that does not exist (another environment's finds nothing).
        var organization = await Dispatcher.Send(new GetOrganization(organizationId), HttpContext.RequestAborted);
        var membership = (await Dispatcher.Send(new ListMemberships(organizationId, UserId: CurrentUser!.UserId), HttpContext.RequestAborted)).Items.SingleOrDefault()
            ?? throw new NotFoundException("organization");
        return new UserOrganizationDto(organization, membership);
    }

    [HttpPost(HostedPaths.Account + "/sessions/{id:guid}/revoke")]
    public async Task<IActionResult> RevokeSession(Guid id)
    {
        var me = CurrentUser!;
        await Dispatcher.Send(new RevokeOwnSession(me.UserId, id), HttpContext.RequestAborted);
        if (id == me.SessionId)
        {
            ForgetSession();
            return Page("SignedOut");
        }

        return RedirectAfterForm($"{HostedPaths.Account}?{Flash.QueryKey}={Flash.AccountSessionEnded}");
    }

    [HttpPost(HostedPaths.Account + "/consents/{id:guid}/revoke")]
    public async Task<IActionResult> RevokeConsent(Guid id)
    {
        await Dispatcher.Send(new RevokeOwnConsent(CurrentUser!.UserId, id), HttpContext.RequestAborted);
        return RedirectAfterForm($"{HostedPaths.Account}?{Flash.QueryKey}={Flash.AccountConsentRevoked}");
    }

    [HttpPost(HostedPaths.Account + "/resend-verification")]
    [EnableRateLimiting(RateLimits.HostedEmailLinks)]
    public async Task<IActionResult> ResendVerification()
    {
        var sent = await Dispatcher.Send(new SendEmailVerification(CurrentUser!.UserId, Issuer), HttpContext.RequestAborted);
        return RedirectAfterForm(sent ? $"{HostedPaths.Account}?{Flash.QueryKey}={Flash.AccountVerificationSent}" : HostedPaths.Account);
    }
}

public sealed record AccountPage(
    UserDto User, IReadOnlyList<SessionDto> Sessions, Guid CurrentSessionId, IReadOnlyList<ConsentDto> Consents, Page<UserOrganizationDto> Organizations, string? Flash);
