using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.Identity.Recovery;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Hosted;

/// <summary>A visitor creates their account: signed in at once, with a verification link in their inbox.</summary>
public sealed class SignUpController : HostedController
{
    [HttpGet(HostedPaths.SignUp)]
    public IActionResult Index([FromQuery] string? returnUrl) => Page("Index", new SignUpForm { ReturnUrl = ReturnUrl.AllowedOrNull(returnUrl) });

    [HttpPost(HostedPaths.SignUp)]
    [EnableRateLimiting(RateLimits.HostedSignUp)]
    public async Task<IActionResult> Index([FromForm] SignUpForm form)
    {
        form.ReturnUrl = ReturnUrl.AllowedOrNull(form.ReturnUrl);
        var (signedUp, session) = await TrySendAsync(new SignUp(
            form.Email ?? string.Empty, form.Password ?? string.Empty, form.GivenName, form.FamilyName, Client, Issuer));
        if (!signedUp)
        {
            return Page("Index", form, StatusCodes.Status400BadRequest);
        }

        await StartSessionAsync(session!);
        return RedirectAfterForm(ReturnUrl.AllowedOrNull(form.ReturnUrl) ?? HostedPaths.Account);
    }
}
