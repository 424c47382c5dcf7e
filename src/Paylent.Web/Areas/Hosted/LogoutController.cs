using Microsoft.AspNetCore.Mvc;
using Paylent.Application.OAuth.Authorization;
using Paylent.Web.OAuth;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// OIDC RP-Initiated Logout 1.0: the end-session endpoint. With an <c>id_token_hint</c> issued in the
/// browser's current session the session ends at once; otherwise the user is asked first (§2: a bare link must
/// not sign anyone out). Ending the session ends every token issued in it.
/// </summary>
public sealed class LogoutController : HostedController
{
    public const string ConfirmPath = OAuthEndpoints.EndSessionPath + "/confirm";

    [HttpGet(OAuthEndpoints.EndSessionPath)]
    [HttpPost(OAuthEndpoints.EndSessionPath)]
    [IgnoreAntiforgeryToken] // A client's form post (§2: GET and POST); it only signs out with proof of who asked.
    public async Task<IActionResult> Logout(LogoutForm form)
    {
        var request = await Dispatcher.Send(form.Request(Issuer), HttpContext.RequestAborted);
        if (request.Error is { } error)
        {
            return Page("Error", error, StatusCodes.Status400BadRequest);
        }

        // §2: only an ID token of this very session proves the request; any other, or none, is confirmed by the user.
        if (CurrentUser is { } user && request.SessionId != user.SessionId)
        {
            ContentSecurity.AllowFormActionTo(HttpContext, request.RedirectUri);
            return Page("Confirm", new LogoutConfirmation(form, request.ClientName));
        }

        await EndSessionAsync();
        return Finish(request);
    }

    [HttpPost(ConfirmPath)]
    public async Task<IActionResult> Confirmed(LogoutForm form)
    {
        var request = await Dispatcher.Send(form.Request(Issuer), HttpContext.RequestAborted);
        if (request.Error is { } error)
        {
            return Page("Error", error, StatusCodes.Status400BadRequest);
        }

        await EndSessionAsync();
        return Finish(request);
    }

    private IActionResult Finish(LogoutRequest request) =>
        request.RedirectUri is { } redirect ? Redirect(redirect) : Page("SignedOut");
}

/// <summary>The end-session parameters (RP-Initiated Logout §2), bound by their names on the wire.</summary>
public sealed class LogoutForm
{
    [ModelBinder(Name = "id_token_hint")]
    public string? IdTokenHint { get; set; }

    [ModelBinder(Name = "client_id")]
    public string? ClientId { get; set; }

    [ModelBinder(Name = "post_logout_redirect_uri")]
    public string? PostLogoutRedirectUri { get; set; }

    [ModelBinder(Name = "state")]
    public string? State { get; set; }

    public ReadLogoutRequest Request(string issuer) => new(IdTokenHint, ClientId, PostLogoutRedirectUri, State, issuer);
}

public sealed record LogoutConfirmation(LogoutForm Form, string? ClientName);
