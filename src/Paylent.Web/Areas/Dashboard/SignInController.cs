using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Tenancy;
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
        form.Password ??= string.Empty;
        var (succeeded, admin) = await dispatcher.TrySendAsync(
            new SignInAdmin(form.Email ?? string.Empty, form.Password), ModelState, HttpContext.RequestAborted);
        if (!succeeded)
        {
            form.Password = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(form);
        }

        await HttpContext.SignInAsync(DashboardAuthentication.Scheme, DashboardAuthentication.Principal(admin!));
        return LocalRedirect(LocalOrNull(form.ReturnUrl) ?? "/");
    }

    [HttpPost("/sign-out")]
    public async Task<IActionResult> SignOutAdmin()
    {
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
