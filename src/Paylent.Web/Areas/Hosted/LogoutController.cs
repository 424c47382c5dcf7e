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
    private const string IdTokenHintName = "id_token_hint";
    private const string ClientIdName = "client_id";
    private const string PostLogoutRedirectUriName = "post_logout_redirect_uri";
    private const string StateName = "state";

    [ModelBinder(Name = IdTokenHintName)]
    public string? IdTokenHint { get; set; }

    [ModelBinder(Name = ClientIdName)]
    public string? ClientId { get; set; }

    [ModelBinder(Name = PostLogoutRedirectUriName)]
    public string? PostLogoutRedirectUri { get; set; }

    [ModelBinder(Name = StateName)]
    public string? State { get; set; }

    /// <summary>
    /// The end-session request a confirmation carried, asked again (the form-expired page's link: the
    /// confirmation only takes posts). The endpoint checks it again as it checks any.
    /// </summary>
    public static string AskedAgain(IFormCollection? posted) =>
        OAuthEndpoints.EndSessionPath + QueryString.Create(
            new[] { IdTokenHintName, ClientIdName, PostLogoutRedirectUriName, StateName }
                .Select(name => KeyValuePair.Create(name, posted?[name].FirstOrDefault()))
                .Where(parameter => !string.IsNullOrEmpty(parameter.Value)));

    public ReadLogoutRequest Request(string issuer) => new(IdTokenHint, ClientId, PostLogoutRedirectUri, State, issuer);
}

public sealed record LogoutConfirmation(LogoutForm Form, string? ClientName);
