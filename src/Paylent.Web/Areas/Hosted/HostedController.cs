using System.Security.Claims;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.OAuth;
using Paylent.Domain.Identity;
using Paylent.Web.Common;
using Paylent.Web.Hosting;
using Paylent.Web.OAuth;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// Base of the hosted end-user pages on an environment host. Their views live in the <c>Hosted</c>
/// area with a layout of their own, which drops itself for htmx requests so one view serves both
/// the full page and the fragment a form swaps in.
/// </summary>
[EnvironmentHost]
[Area(AreaName)]
[EndUserSessionFilter]
public abstract class HostedController : Controller
{
    public const string AreaName = "Hosted";

    protected IDispatcher Dispatcher => HttpContext.RequestServices.GetRequiredService<IDispatcher>();

    /// <summary>The signed-in user of this environment, if any.</summary>
    protected EndUser? CurrentUser => User.EndUser();

    /// <summary>The environment's issuer, which emailed links point at.</summary>
    protected string Issuer => OAuthEndpoints.Issuer(Request);

    protected SessionClient Client => new(HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString());

    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        // Pages carry personal data and one-time tokens: never cached, and they differ for htmx.
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Vary = HtmxRequestHeaders.Keys.Request;
        ContentSecurity.AllowFormActionTo(HttpContext, await ClientRedirectUriAsync());
        var executed = await next();
        if (executed.Exception is NotFoundException && !executed.ExceptionHandled)
        {
            executed.Result = NotFound();
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>
    /// The registered redirect URI this page's forms lead back to in an OAuth flow (its return URL's
    /// authorization request, or the consent page's own), or null: only a verified one may widen the CSP.
    /// </summary>
    private async Task<string?> ClientRedirectUriAsync()
    {
        var returnUrl = Request.Query[HostedPaths.ReturnUrlKey].ToString();
        if (returnUrl.Length == 0 && HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is { } form)
        {
            returnUrl = form[HostedPaths.ReturnUrlKey].ToString();
        }

        var request = ContentSecurity.RequestOf(returnUrl) ?? Request.Query;
        if (request["client_id"] is not { Count: 1 } clientId || request["redirect_uri"] is not { Count: 1 } redirectUri || clientId[0]!.Length > 64)
        {
            return null;
        }

        var client = await HttpContext.RequestServices.GetRequiredService<IOAuthCache>().FindClientAsync(clientId[0]!, HttpContext.RequestAborted);
        return client?.AcceptsRedirectUri(redirectUri[0]!) == true ? redirectUri[0] : null;
    }

    protected ViewResult Page(string view, object? model = null, int status = StatusCodes.Status200OK)
    {
        Response.StatusCode = status;
        return View(view, model);
    }

    protected Task<(bool Succeeded, TResult? Result)> TrySendAsync<TResult>(ICommand<TResult> command) =>
        Dispatcher.TrySendAsync(command, ModelState, HttpContext.RequestAborted);

    /// <summary>After a form succeeded: a redirect, which htmx follows as a full navigation.</summary>
    protected IActionResult RedirectAfterForm(string localUrl)
    {
        if (Request.IsHtmxPartial())
        {
            Response.Htmx(headers => headers.Redirect(localUrl));
            return NoContent();
        }

        return LocalRedirect(localUrl);
    }

    /// <summary>Sets the cookie of a session just started, ending the one this browser had before.</summary>
    protected async Task StartSessionAsync(StartedSession session)
    {
        await SignOutCookieSessionAsync();
        SessionCookie.Issue(HttpContext, session);
    }

    /// <summary>Ends this browser's session, if it has one, and drops its cookie.</summary>
    protected async Task EndSessionAsync()
    {
        await SignOutCookieSessionAsync();
        ForgetSession();
    }

    /// <summary>Drops the cookie of a session that has already ended, and who was signed in with it.</summary>
    protected void ForgetSession()
    {
        SessionCookie.Delete(HttpContext);
        HttpContext.User = new ClaimsPrincipal();
    }

    private async Task SignOutCookieSessionAsync()
    {
        if (SessionCookie.Read(HttpContext) is { } token)
        {
            await Dispatcher.Send(new SignOut(token), HttpContext.RequestAborted);
        }
    }
}
