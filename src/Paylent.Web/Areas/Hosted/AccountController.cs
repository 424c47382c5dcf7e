using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Application.OAuth.Consents;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// The signed-in user's own page: who they are, whether their email is confirmed, their live sessions
/// and the applications they allowed.
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
        return Page("Index", new AccountPage(user, sessions, me.SessionId, consents, Flash.Message(Request.Query[Flash.QueryKey].ToString())));
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

public sealed record AccountPage(UserDto User, IReadOnlyList<SessionDto> Sessions, Guid CurrentSessionId, IReadOnlyList<ConsentDto> Consents, string? Flash);
