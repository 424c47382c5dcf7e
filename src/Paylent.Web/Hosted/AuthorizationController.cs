using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Paylent.Application.OAuth.Authorization;
using Paylent.Web.Hosting;
using Paylent.Web.OAuth;

namespace Paylent.Web.Hosted;

/// <summary>
/// The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2) and its consent page. GET and POST
/// are the same request (OIDC Core §3.1.2.1); sign-in and consent send the browser back here with
/// the same parameters, minus what they satisfied.
/// </summary>
public sealed class AuthorizationController(IDataProtectionProvider protection) : HostedController
{
    public const string ConsentPath = "/consent";

    private readonly ITimeLimitedDataProtector _signedInAfter =
        protection.CreateProtector("Paylent.Authorization.SignedInAfter").ToTimeLimitedDataProtector();

    [HttpGet(OAuthEndpoints.AuthorizationPath)]
    [HttpPost(OAuthEndpoints.AuthorizationPath)]
    [IgnoreAntiforgeryToken] // A client's form post, not ours: it carries the same parameters a GET would.
    [EnableRateLimiting(RateLimits.Authorization)]
    public async Task<IActionResult> Authorize()
    {
        var parameters = await ParametersAsync();
        var user = CurrentUser is { } current ? new SignedInUser(current.UserId, current.SessionId, current.AuthenticatedAt) : null;
        var outcome = await Dispatcher.Send(new Authorize(parameters, user, SignedInAfter(parameters), Issuer), HttpContext.RequestAborted);
        return outcome switch
        {
            AuthorizationOutcome.SignIn signIn => Redirect(SignInUrl(parameters, signIn.LoginHint)),
            AuthorizationOutcome.Consent => Redirect(ConsentPath + Query(parameters.ResumeAfter())),
            _ => Respond(outcome),
        };
    }

    [HttpGet(ConsentPath)]
    public async Task<IActionResult> Consent()
    {
        if (CurrentUser is null)
        {
            return Redirect($"{HostedPaths.SignIn}?{HostedPaths.ReturnUrlKey}={Uri.EscapeDataString(Request.Path + Request.QueryString)}");
        }

        var parameters = Parameters(Request.Query);
        var (request, failure) = await Dispatcher.Send(new ReadAuthorizationRequest(parameters, Issuer), HttpContext.RequestAborted);
        return request is null ? Respond(failure!) : Page("Consent", new ConsentPage(request, Request.QueryString.Value ?? string.Empty));
    }

    [HttpPost(ConsentPath)]
    [ActionName(nameof(Consent))]
    public async Task<IActionResult> ConsentGiven([FromForm] string? decision)
    {
        var parameters = Parameters(Request.Query);
        if (CurrentUser is not { } user)
        {
            return Redirect($"{HostedPaths.SignIn}?{HostedPaths.ReturnUrlKey}={Uri.EscapeDataString(Request.Path + Request.QueryString)}");
        }

        if (decision != "allow")
        {
            var (request, failure) = await Dispatcher.Send(new ReadAuthorizationRequest(parameters, Issuer), HttpContext.RequestAborted);
            return Respond(request?.Error(AuthorizationErrors.AccessDenied, "The user did not allow the application access.") ?? failure!);
        }

        var refused = await Dispatcher.Send(new GiveConsent(parameters, user.UserId, Issuer), HttpContext.RequestAborted);
        return refused is null
            ? RedirectAfterForm(OAuthEndpoints.AuthorizationPath + Query(parameters.ResumeAfter("consent")))
            : Respond(refused);
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
    /// of when it was demanded: only a sign-in after that satisfies the request.
    /// </summary>
    private string SignInUrl(AuthorizationParameters parameters, string? loginHint)
    {
        var mark = _signedInAfter.Protect(DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), TimeSpan.FromHours(1));
        var returnUrl = OAuthEndpoints.AuthorizationPath + Query(parameters.ResumeAfter("login").Append(new(AuthorizationParameters.SignedInAfter, mark)));
        var url = $"{HostedPaths.SignIn}?{HostedPaths.ReturnUrlKey}={Uri.EscapeDataString(returnUrl)}";
        return loginHint is null ? url : $"{url}&{HostedPaths.LoginHintKey}={Uri.EscapeDataString(loginHint)}";
    }

    /// <summary>The protected mark's time; a forged or expired one demands a sign-in from now on.</summary>
    private DateTimeOffset? SignedInAfter(AuthorizationParameters parameters)
    {
        if (parameters[AuthorizationParameters.SignedInAfter] is not { } mark)
        {
            return null;
        }

        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(long.Parse(_signedInAfter.Unprotect(mark), CultureInfo.InvariantCulture));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return DateTimeOffset.MaxValue;
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

/// <summary>What the consent page shows: who asks, for what; <paramref name="Query"/> carries the request on.</summary>
public sealed record ConsentPage(AuthorizationRequest Request, string Query);
