using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Tenancy;
using Paylent.Application.Tenancy.AdminSessions;
using Paylent.Web.Common;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>Admin sign-in and sign-out on the dashboard host.</summary>
[DashboardHost]
[Area(DashboardController.AreaName)]
public sealed class SignInController(IDispatcher dispatcher) : Controller
{
    [HttpGet("/sign-in")]
    public IActionResult Index(string? returnUrl) => View(new SignInForm { ReturnUrl = LocalOrNull(returnUrl) });

    [HttpPost("/sign-in")]
    [EnableRateLimiting(RateLimits.DashboardSignIn)]
    public async Task<IActionResult> Index([FromForm] SignInForm form)
    {
        var command = new SignInAdmin(
            form.Email ?? string.Empty, form.Password ?? string.Empty, HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString());
        form.Password = null;
        var (checkedCredentials, admin) = await dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);
        if (admin is null)
        {
            if (checkedCredentials)
            {
                ModelState.AddModelError(string.Empty, SignInAdmin.InvalidCredentialsMessage);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(form);
        }

        await HttpContext.SignInAsync(
            DashboardAuthentication.Scheme, DashboardAuthentication.Principal(admin), new AuthenticationProperties { ExpiresUtc = admin.SessionExpiresAt });
        return LocalRedirect(LocalOrNull(form.ReturnUrl) ?? "/");
    }

    /// <summary>Ends the session server-side first, so a copy of this browser's cookie stops working too.</summary>
    [HttpPost("/sign-out")]
    public async Task<IActionResult> SignOutAdmin()
    {
        if (User.AdminSessionToken() is { } token)
        {
            await dispatcher.Send(new SignOutAdmin(token), HttpContext.RequestAborted);
        }

        await HttpContext.SignOutAsync(DashboardAuthentication.Scheme);
        return Redirect("/sign-in");
    }

    private string? LocalOrNull(string? url) => url is not null && Url.IsLocalUrl(url) ? url : null;
}

public sealed class SignInForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}
