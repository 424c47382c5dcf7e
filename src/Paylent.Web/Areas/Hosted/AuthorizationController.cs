using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.OAuth;
using Paylent.Application.OAuth.Authorization;
using Paylent.Web.Hosting;
using Paylent.Web.OAuth;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2) and its consent page. GET and POST
/// are the same request (OIDC Core §3.1.2.1); sign-in and consent send the browser back here with
/// the same parameters, minus what they satisfied.
/// </summary>
public sealed class AuthorizationController(IDataProtectionProvider protection) : HostedController
{
    public const string ConsentPath = "/consent";
    public const string OrganizationPickerPath = "/select-organization";
    public const string AccountChooserPath = "/select-account";

    private readonly ITimeLimitedDataProtector _staleSession =
        protection.CreateProtector("Paylent.Authorization.StaleSession").ToTimeLimitedDataProtector();

    [HttpGet(OAuthEndpoints.AuthorizationPath)]
    [HttpPost(OAuthEndpoints.AuthorizationPath)]
    [IgnoreAntiforgeryToken] // A client's form post, not ours: it carries the same parameters a GET would.
    [EnableRateLimiting(RateLimits.Authorization)]
    public async Task<IActionResult> Authorize() => await Decide(await ParametersAsync(), consentGiven: false);

    [HttpGet(ConsentPath)]
    public async Task<IActionResult> Consent()
    {
        if (CurrentUser is null)
        {
            return Redirect(HostedPaths.SignInReturningTo(Request.Path + Request.QueryString));
        }

        var parameters = Parameters(Request.Query);
        var (request, failure) = await Dispatcher.Send(new ReadAuthorizationRequest(parameters, Issuer), HttpContext.RequestAborted);
        return request is null ? Respond(failure!) : Page("Consent", new ConsentPage(request, Request.QueryString.Value ?? string.Empty));
    }

    /// <summary>
    /// The user's answer. Allowing answers the request itself, with the code: sending the browser back
    /// to the authorization endpoint would ask again wherever a remembered consent does not count (a
    /// native app's loopback or custom-scheme redirect, RFC 8252 §8.6), forever.
    /// </summary>
    [HttpPost(ConsentPath)]
    [ActionName(nameof(Consent))]
    public async Task<IActionResult> ConsentGiven([FromForm] string? decision)
    {
        var parameters = Parameters(Request.Query);
        if (CurrentUser is null)
        {
            return Redirect(HostedPaths.SignInReturningTo(Request.Path + Request.QueryString));
        }

        if (decision != "allow")
        {
            var (request, failure) = await Dispatcher.Send(new ReadAuthorizationRequest(parameters, Issuer), HttpContext.RequestAborted);
            return Respond(request?.Error(OAuthErrors.AccessDenied, "The user did not allow the application access.") ?? failure!);
        }

        return await Decide(parameters, consentGiven: true);
    }

    /// <summary>
    /// The organization picker's answer: the same request, now naming the chosen organization, decided
    /// again, so the choice is checked exactly as a named one is (a tampered id gets <c>access_denied</c>).
    /// </summary>
    [HttpPost(OrganizationPickerPath)]
    [EnableRateLimiting(RateLimits.Authorization)]
    public async Task<IActionResult> OrganizationChosen([FromForm] string? organization)
    {
        if (CurrentUser is null)
        {
            return Redirect(HostedPaths.SignInReturningTo(OAuthEndpoints.AuthorizationPath + Request.QueryString));
        }

        var parameters = Parameters(Request.Query);
        return await Decide(organization is null ? parameters : parameters.Naming(organization), consentGiven: false);
    }

    /// <summary>
    /// The account chooser's answer (<c>prompt=select_account</c>): on with the account this browser is
    /// signed in with, the request decided again without the prompt; or to the sign-in, where only a
    /// new session satisfies the request, as for <c>prompt=login</c>.
    /// </summary>
    [HttpPost(AccountChooserPath)]
    [EnableRateLimiting(RateLimits.Authorization)] // It decides the request as the authorization endpoint does.
    public async Task<IActionResult> AccountChosen([FromForm] string? account)
    {
        if (CurrentUser is null)
        {
            return Redirect(HostedPaths.SignInReturningTo(OAuthEndpoints.AuthorizationPath + Request.QueryString));
        }

        var parameters = Parameters(Request.Query);
        return account == "another" ? Redirect(SignInUrl(parameters, loginHint: null)) : await Decide(parameters, consentGiven: false);
    }

    /// <summary>
    /// Where the form-expired page sends the user to see one of these pages again, or null for another
    /// path: the consent page with its request; a chooser, which has no address of its own, by way of the
    /// authorization endpoint with the request that showed it (the account chooser's prompt put back). Either
    /// way a user whose session ended meanwhile goes through the sign-in first.
    /// </summary>
    public static string? PageAgain(HttpRequest request)
    {
        bool Is(string page) => HostedPaths.IsAt(request.Path, page);
        return Is(ConsentPath) ? ConsentPath + request.QueryString
            : Is(OrganizationPickerPath) ? OAuthEndpoints.AuthorizationPath + request.QueryString
            : Is(AccountChooserPath) ? OAuthEndpoints.AuthorizationPath + Query(Parameters(request.Query).Prompting("select_account").ResumeAfter())
            : null;
    }

    private async Task<IActionResult> Decide(AuthorizationParameters parameters, bool consentGiven)
    {
        var user = CurrentUser is { } current ? new SignedInUser(current.UserId, current.SessionId, current.AuthenticatedAt) : null;
        var outcome = await Dispatcher.Send(new Authorize(parameters, user, StaleSession(parameters), Issuer, consentGiven), HttpContext.RequestAborted);
        return outcome switch
        {
            AuthorizationOutcome.SignIn signIn => Redirect(SignInUrl(parameters, signIn.LoginHint)),
            AuthorizationOutcome.Consent => Redirect(ConsentPath + Query(parameters.ResumeAfter())),
            AuthorizationOutcome.SelectAccount select => ChooseAccount(select, parameters),
            AuthorizationOutcome.PickOrganization pick => PickOrganization(pick, parameters),
            _ => Respond(outcome),
        };
    }

    /// <summary>
    /// The account chooser, shown by the authorization endpoint itself; its form posts the request on,
    /// without <c>select_account</c>, to <see cref="AccountChooserPath"/>, whose answer may redirect to the client.
    /// </summary>
    private ViewResult ChooseAccount(AuthorizationOutcome.SelectAccount select, AuthorizationParameters parameters)
    {
        ContentSecurity.AllowFormActionTo(HttpContext, select.Request.RedirectUri);
        var query = Query(parameters.ResumeAfter("select_account")).Value ?? string.Empty;
        return Page("SelectAccount", new AccountChooserPage(select.Request, AccountChooserPath + query));
    }

    /// <summary>
    /// The picker, shown by the authorization endpoint itself; its form posts the request on (minus any
    /// organization it named) to <see cref="OrganizationPickerPath"/>, whose answer may redirect to the client.
    /// </summary>
    private ViewResult PickOrganization(AuthorizationOutcome.PickOrganization pick, AuthorizationParameters parameters)
    {
        ContentSecurity.AllowFormActionTo(HttpContext, pick.Request.RedirectUri);
        var query = Query(parameters.ResumeAfter().Where(p => p.Key != AuthorizationParameters.Organization)).Value ?? string.Empty;
        return Page("PickOrganization", new OrganizationPickerPage(pick.Request, pick.Choices, OrganizationPickerPath + query));
    }

    private IActionResult Respond(AuthorizationOutcome outcome)
    {
        switch (outcome)
        {
            case AuthorizationOutcome.ErrorPage page:
                return Page("Error", page.Description, StatusCodes.Status400BadRequest);
            case AuthorizationOutcome.RedirectToClient { Mode: ResponseMode.FormPost } post:
                ContentSecurity.AllowFormActionTo(HttpContext, post.RedirectUri);
                return Page("FormPost", post);
            case AuthorizationOutcome.RedirectToClient redirect:
                var separator = redirect.RedirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?";
                var query = Query(redirect.Parameters).Value![1..];
                return Redirect(redirect.RedirectUri + separator + query);
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>
    /// The hosted sign-in, coming back here without the prompt it satisfies but with a protected mark
    /// of the session found wanting (if any): only a new one satisfies the request.
    /// </summary>
    private string SignInUrl(AuthorizationParameters parameters, string? loginHint)
    {
        var mark = _staleSession.Protect(CurrentUser?.SessionId.ToString() ?? string.Empty, TimeSpan.FromHours(1));
        var returnUrl = OAuthEndpoints.AuthorizationPath + Query(parameters.ResumeAfter("login", "select_account").Append(new(AuthorizationParameters.StaleSession, mark)));
        var url = HostedPaths.SignInReturningTo(returnUrl);
        return loginHint is null ? url : $"{url}&{HostedPaths.LoginHintKey}={Uri.EscapeDataString(loginHint)}";
    }

    /// <summary>The protected mark's session; a forged or expired mark finds the current session wanting.</summary>
    private Guid? StaleSession(AuthorizationParameters parameters)
    {
        if (parameters[AuthorizationParameters.StaleSession] is not { } mark)
        {
            return null;
        }

        try
        {
            return Guid.TryParse(_staleSession.Unprotect(mark), out var sessionId) ? sessionId : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return CurrentUser?.SessionId;
        }
    }

    private static QueryString Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        QueryString.Create(parameters.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));

    private async Task<AuthorizationParameters> ParametersAsync() =>
        HttpMethods.IsPost(Request.Method) && Request.HasFormContentType
            ? Parameters(await Request.ReadFormAsync(HttpContext.RequestAborted))
            : Parameters(Request.Query);

    private static AuthorizationParameters Parameters(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        new(values.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Select(v => v ?? string.Empty).ToList(), StringComparer.Ordinal));
}

/// <summary>What the account chooser shows: who asks; the signed-in user comes from the session; <paramref name="Action"/> carries the request on.</summary>
public sealed record AccountChooserPage(AuthorizationRequest Request, string Action);

/// <summary>What the organization picker shows: who asks, the user's active organizations; <paramref name="Action"/> carries the request on.</summary>
public sealed record OrganizationPickerPage(AuthorizationRequest Request, IReadOnlyList<OrganizationChoice> Choices, string Action);

/// <summary>What the consent page shows: who asks, for what; <paramref name="Query"/> carries the request on.</summary>
public sealed record ConsentPage(AuthorizationRequest Request, string Query);
