using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.Identity.Sessions;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Hosted;

/// <summary>End users sign in with their password and sign out again.</summary>
public sealed class SignInController : HostedController
{
    // One message for every credential failure (unknown email, wrong password, locked): nothing is revealed.
    public const string InvalidCredentialsMessage = "The email or password is incorrect.";
    public const string DisabledMessage = "This account is disabled. Contact the site's support to have it enabled again.";

    [HttpGet(HostedPaths.SignIn)]
    public IActionResult Index([FromQuery] string? returnUrl, [FromQuery(Name = HostedPaths.LoginHintKey)] string? loginHint) =>
        Page("Index", new PasswordSignInForm { ReturnUrl = ReturnUrl.AllowedOrNull(returnUrl), Email = loginHint });

    [HttpPost(HostedPaths.SignIn)]
    [EnableRateLimiting(RateLimits.HostedSignIn)]
    public async Task<IActionResult> Index([FromForm] PasswordSignInForm form)
    {
        form.ReturnUrl = ReturnUrl.AllowedOrNull(form.ReturnUrl);
        var (checkedCredentials, result) = await TrySendAsync(new SignInWithPassword(form.Email ?? string.Empty, form.Password ?? string.Empty, Client));
        if (checkedCredentials && result!.Session is { } session)
        {
            await StartSessionAsync(session);
            return RedirectAfterForm(ReturnUrl.AllowedOrNull(form.ReturnUrl) ?? HostedPaths.Account);
        }

        if (checkedCredentials)
        {
            ModelState.AddModelError(string.Empty, result!.Failure == SignInFailure.Disabled ? DisabledMessage : InvalidCredentialsMessage);
        }

        return Page("Index", form, StatusCodes.Status400BadRequest);
    }

    /// <summary>Asks first: a link or prefetch must not sign anyone out.</summary>
    [HttpGet(HostedPaths.SignOut)]
    public IActionResult SignOutPage() => Page("SignOut");

    [HttpPost(HostedPaths.SignOut)]
    [ActionName(nameof(SignOutPage))]
    public async Task<IActionResult> SignOutConfirmed()
    {
        await EndSessionAsync();
        return Page("SignedOut");
    }
}
