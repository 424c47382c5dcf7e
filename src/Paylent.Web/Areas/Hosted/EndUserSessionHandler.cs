using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Sessions;
using Paylent.Web.Hosting;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// Reads the session cookie on environment hosts: the live session's user becomes the principal
/// (claims <c>sub</c>, <c>sid</c>, <c>auth_time</c>, <c>amr</c>); an ended session's cookie is dropped.
/// A challenge sends the browser to the hosted sign-in page, which brings it back afterwards.
/// </summary>
internal sealed class EndUserSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDispatcher dispatcher)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Features.Get<ResolvedHost>()?.Kind != HostKind.Environment || SessionCookie.Read(Context) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var session = await dispatcher.Send(new AuthenticateSession(token), Context.RequestAborted);
        if (session is null)
        {
            if (!Response.HasStarted)
            {
                SessionCookie.Delete(Context);
            }

            return AuthenticateResult.Fail("The session has ended.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(EndUserAuthentication.Principal(session), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var here = Request.PathBase + Request.Path + Request.QueryString;
        Response.Redirect(HostedPaths.SignInReturningTo(here));
        return Task.CompletedTask;
    }
}
