using System.Globalization;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Authorization;

/// <summary>
/// Checks an authorization request in the order the specifications imply: first the client and its
/// exact redirect URI, whose failures are shown on a page (RFC 6749 §4.1.2.1: never redirect to an
/// unverified URI); then everything else, whose failures go back to the client as error responses.
/// </summary>
internal sealed class AuthorizationRequestReader(IOAuthCache cache)
{
    public const int MaxStateLength = 1000;
    public const int MaxScopeLength = 1000;
    public const int MaxLoginHintLength = 254;
    public const int MaxIdTokenHintLength = 8192;

    private static readonly HashSet<string> PromptValues = new(["none", "login", "consent", "select_account"], StringComparer.Ordinal);

    public async Task<(AuthorizationRequest? Request, AuthorizationOutcome? Failure)> ReadAsync(
        AuthorizationParameters parameters, string issuer, CancellationToken cancellationToken)
    {
        if (parameters.Repeats("client_id") || parameters.Repeats("redirect_uri"))
        {
            return Page("The request repeats client_id or redirect_uri.");
        }

        if (parameters["client_id"] is not { Length: <= 64 } clientId || await cache.FindClientAsync(clientId, cancellationToken) is not { } client)
        {
            return Page("The application that sent you here is not registered with this site.");
        }

        // Exact, character-for-character comparison (RFC 9700 §2.1, OAuth 2.1 §4.1.1): no prefix or pattern matching.
        if (parameters["redirect_uri"] is not { } redirectUri || !client.AcceptsRedirectUri(redirectUri))
        {
            return Page("The application asked to send you back to an address it has not registered.");
        }

        var responseMode = parameters["response_mode"] switch
        {
            null or "query" => ResponseMode.Query,
            "form_post" => ResponseMode.FormPost,
            _ => (ResponseMode?)null,
        };
        var state = parameters["state"];
        var provisional = new AuthorizationRequest(
            client, redirectUri, responseMode ?? ResponseMode.Query, state is { Length: <= MaxStateLength } ? state : null, [], null, string.Empty,
            new HashSet<string>(), null, null, null, issuer);
        var problem = Problem(parameters, client, responseMode, out var scopes, out var prompt, out var maxAge);
        if (problem is { } error)
        {
            return (null, provisional.Error(error.Code, error.Description));
        }

        return (provisional with
        {
            Scopes = scopes,
            Nonce = parameters["nonce"],
            CodeChallenge = parameters["code_challenge"]!,
            Prompt = prompt,
            MaxAge = maxAge,
            LoginHint = parameters["login_hint"] is { Length: <= MaxLoginHintLength } hint ? hint : null,
            IdTokenHint = parameters[AuthorizationParameters.IdTokenHint],
        }, null);
    }

    private static (AuthorizationRequest?, AuthorizationOutcome?) Page(string description) => (null, new AuthorizationOutcome.ErrorPage(description));

    private static (string Code, string Description)? Problem(
        AuthorizationParameters parameters, ClientRegistration client, ResponseMode? responseMode,
        out IReadOnlyList<string> scopes, out IReadOnlySet<string> prompt, out int? maxAge)
    {
        scopes = [];
        prompt = new HashSet<string>();
        maxAge = null;

        // RFC 6749 §3.1: parameters MUST NOT be included more than once.
        if (AuthorizationParameters.Known.FirstOrDefault(parameters.Repeats) is { } repeated)
        {
            return (AuthorizationErrors.InvalidRequest, $"The {repeated} parameter is repeated.");
        }

        if (responseMode is null)
        {
            return (AuthorizationErrors.InvalidRequest, "The response_mode is not supported: use query or form_post.");
        }

        // OIDC Core §6: request objects are not supported, and say so by name.
        if (parameters["request"] is not null)
        {
            return ("request_not_supported", "Request objects are not supported.");
        }

        if (parameters["request_uri"] is not null)
        {
            return ("request_uri_not_supported", "The request_uri parameter is not supported.");
        }

        if (parameters["registration"] is not null)
        {
            return ("registration_not_supported", "The registration parameter is not supported.");
        }

        switch (parameters["response_type"])
        {
            case null:
                return (AuthorizationErrors.InvalidRequest, "The response_type parameter is required.");
            case not "code":
                return ("unsupported_response_type", "Only the authorization code flow (response_type=code) is supported.");
        }

        if (!client.Allows(GrantTypes.AuthorizationCode))
        {
            return ("unauthorized_client", "The client may not use the authorization code grant.");
        }

        // RFC 7636 §4.4.1, OAuth 2.1: PKCE is required, with S256 only (a missing method means plain).
        if (parameters["code_challenge"] is null)
        {
            return (AuthorizationErrors.InvalidRequest, "code_challenge required: PKCE with S256 is required.");
        }

        if (parameters["code_challenge_method"] != Pkce.S256)
        {
            return (AuthorizationErrors.InvalidRequest, "transform algorithm not supported: use code_challenge_method=S256.");
        }

        if (!Pkce.IsWellFormed(parameters["code_challenge"]))
        {
            return (AuthorizationErrors.InvalidRequest, "The code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'.");
        }

        if (parameters["state"] is { Length: > MaxStateLength })
        {
            return (AuthorizationErrors.InvalidRequest, $"The state is longer than {MaxStateLength} characters.");
        }

        if (parameters["nonce"] is { Length: > AuthorizationCode.MaxNonceLength })
        {
            return (AuthorizationErrors.InvalidRequest, $"The nonce is longer than {AuthorizationCode.MaxNonceLength} characters.");
        }

        if (parameters[AuthorizationParameters.IdTokenHint] is { Length: > MaxIdTokenHintLength })
        {
            return (AuthorizationErrors.InvalidRequest, "The id_token_hint is not an ID token of this site.");
        }

        var requestedPrompt = (parameters[AuthorizationParameters.Prompt] ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (requestedPrompt.Any(p => !PromptValues.Contains(p)) || (requestedPrompt.Contains("none") && requestedPrompt.Count > 1))
        {
            // OIDC Core §3.1.2.1: none with any other value is an error.
            return (AuthorizationErrors.InvalidRequest, "The prompt is none alone, or any of login, consent and select_account.");
        }

        prompt = requestedPrompt;
        if (parameters[AuthorizationParameters.MaxAge] is { } maxAgeText)
        {
            if (!int.TryParse(maxAgeText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return (AuthorizationErrors.InvalidRequest, "The max_age is a number of seconds.");
            }

            maxAge = seconds;
        }

        return ScopeProblem(parameters["scope"], client, out scopes);
    }

    /// <summary>RFC 6749 §3.3: scopes the client is allowed; <c>paylent:manage</c> is never a user's to grant.</summary>
    private static (string Code, string Description)? ScopeProblem(string? scope, ClientRegistration client, out IReadOnlyList<string> scopes)
    {
        scopes = Scopes.Parse(scope);
        if (scopes.Count == 0 || scope!.Length > MaxScopeLength)
        {
            return (AuthorizationErrors.InvalidScope, "The scope parameter is required (at most 1000 characters).");
        }

        var refused = scopes.Where(s => s == Scopes.Manage || !client.AllowedScopes.Contains(s, StringComparer.Ordinal)).ToList();
        // The refused names are echoed only when they are well-formed scope tokens (RFC 6749 §4.1.2.1 limits error_description).
        return refused.Count == 0 ? null
            : refused.All(Scopes.IsValidToken) ? (AuthorizationErrors.InvalidScope, $"The client may not request: {string.Join(' ', refused)}.")
            : (AuthorizationErrors.InvalidScope, "The scope holds a value that is not a scope token.");
    }
}

/// <summary>Error codes of authorization responses (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6).</summary>
public static class AuthorizationErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidScope = "invalid_scope";
    public const string AccessDenied = "access_denied";
    public const string LoginRequired = "login_required";
    public const string ConsentRequired = "consent_required";
}
