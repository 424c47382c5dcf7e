using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Organizations.Invitations;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// The link of an invitation email. Opening it only shows the invitation and a button (mail scanners
/// fetch links; a fetch spends nothing). A signed-in user accepts with the button, as long as their
/// verified address is the invited one; a visitor with an account signs in first and comes back; a
/// visitor without one signs up here, the address prefilled from the invitation, which proves it.
/// </summary>
public sealed class InvitationController : HostedController
{
    [HttpGet(HostedPaths.AcceptInvitation)]
    public async Task<IActionResult> Index([FromQuery] EmailLinkForm link)
    {
        var preview = link.HasToken ? await Dispatcher.Send(new PreviewInvitation(link.Token!), HttpContext.RequestAborted) : null;
        return preview is { Status: "pending" }
            ? Page("Index", new InvitationPage(link.Token!, preview, CurrentUser?.Email))
            : Page("Invalid", preview?.Status);
    }

    [HttpPost(HostedPaths.AcceptInvitation)]
    public async Task<IActionResult> Accept([FromForm] EmailLinkForm link)
    {
        if (CurrentUser is not { } user)
        {
            return LocalRedirect(SignInUrl(link.Token));
        }

        var (accepted, _) = await TrySendAsync(new AcceptInvitation(link.Token ?? string.Empty, user.UserId));
        return accepted ? Page("Joined") : await RefusedAsync(link.Token);
    }

    [HttpPost(HostedPaths.AcceptInvitationSignUp)]
    [EnableRateLimiting(RateLimits.HostedSignUp)]
    public async Task<IActionResult> SignUp([FromForm] InvitationSignUpForm form)
    {
        var preview = form.HasToken ? await Dispatcher.Send(new PreviewInvitation(form.Token!), HttpContext.RequestAborted) : null;
        if (preview is not { Status: "pending" })
        {
            return Page("Invalid", preview?.Status, StatusCodes.Status400BadRequest);
        }

        var (signedUp, session) = await TrySendAsync(new SignUp(
            preview.Email, form.Password ?? string.Empty, form.GivenName, form.FamilyName, Client, Issuer, form.Token));
        if (!signedUp)
        {
            return Page("Index", new InvitationPage(form.Token!, preview, null, form), StatusCodes.Status400BadRequest);
        }

        await StartSessionAsync(session!);

        // The account stands on its own (the link proved the address); joining is the next step, and a
        // refusal in between (revoked a moment ago) shows on the page like any other.
        var (accepted, _) = await TrySendAsync(new AcceptInvitation(form.Token!, session!.UserId));
        return accepted ? Page("Joined") : await RefusedAsync(form.Token);
    }

    private async Task<IActionResult> RefusedAsync(string? token)
    {
        var preview = !string.IsNullOrEmpty(token) ? await Dispatcher.Send(new PreviewInvitation(token), HttpContext.RequestAborted) : null;
        return preview is { Status: "pending" }
            ? Page("Index", new InvitationPage(token!, preview, CurrentUser?.Email), StatusCodes.Status400BadRequest)
            : Page("Invalid", preview?.Status, StatusCodes.Status400BadRequest);
    }

    public static string SignInUrl(string? token) =>
        HostedPaths.SignInReturningTo($"{HostedPaths.AcceptInvitation}?token={Uri.EscapeDataString(token ?? string.Empty)}");
}

/// <summary>What the invitation page shows: the invitation, and who is signed in (if anyone).</summary>
public sealed record InvitationPage(string Token, InvitationPreview Invitation, string? SignedInEmail, InvitationSignUpForm? SignUp = null);
