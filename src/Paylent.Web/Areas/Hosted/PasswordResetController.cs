using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.Identity.Recovery;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// Forgot password (the same answer whether or not the address has an account) and the emailed
/// reset link's form. A reset ends every session of the user, this browser's included.
/// </summary>
public sealed class PasswordResetController : HostedController
{
    [HttpGet(HostedPaths.ForgotPassword)]
    public IActionResult Forgot() => Page("Forgot", new ForgotPasswordForm());

    [HttpPost(HostedPaths.ForgotPassword)]
    [EnableRateLimiting(RateLimits.HostedEmailLinks)]
    public async Task<IActionResult> Forgot([FromForm] ForgotPasswordForm form)
    {
        var (requested, _) = await TrySendAsync(new RequestPasswordReset(form.Email ?? string.Empty, Issuer));
        return requested ? Page("LinkSent", form) : Page("Forgot", form, StatusCodes.Status400BadRequest);
    }

    /// <summary>The link's form, only while the link works: a spent or expired link says so at once.</summary>
    [HttpGet(HostedPaths.ResetPassword)]
    public async Task<IActionResult> Reset([FromQuery] EmailLinkForm link) =>
        link.HasToken && await Dispatcher.Send(new CheckPasswordResetLink(link.Token!), HttpContext.RequestAborted)
            ? Page("Reset", new ResetPasswordForm { Token = link.Token })
            : InvalidLink(StatusCodes.Status200OK);

    [HttpPost(HostedPaths.ResetPassword)]
    public async Task<IActionResult> Reset([FromForm] ResetPasswordForm form)
    {
        var (reset, _) = await TrySendAsync(new ResetPassword(form.Token ?? string.Empty, form.NewPassword ?? string.Empty));
        if (reset)
        {
            // Every session ended with the reset; this browser's cookie now names a dead one.
            ForgetSession();
            return Page("PasswordChanged");
        }

        // The link itself failed (malformed, used, expired): a new password cannot help.
        var linkFailed = ModelState[nameof(form.Token)]?.Errors.Count > 0 || ModelState[string.Empty]?.Errors.Count > 0;
        return linkFailed ? InvalidLink(StatusCodes.Status400BadRequest) : Page("Reset", form, StatusCodes.Status400BadRequest);
    }

    private ViewResult InvalidLink(int status) => Page("InvalidLink", EmailLinkPurpose.PasswordReset, status);
}
