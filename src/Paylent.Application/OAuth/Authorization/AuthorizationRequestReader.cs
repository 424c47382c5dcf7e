using System.Globalization;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Authorization;

/// <summary>
/// Checks an authorization request in the order the specifications imply: first the client and its
/// exact redirect URI, whose failures are shown on a page (RFC 6749 §4.1.2.1: never redirect to an
/// unverified URI); then everything else, whose failures go back to the client as error responses.
/// </summary>
internal sealed class AuthorizationRequestReader(IOAuthCache cache, ITokenSigner signer)
{
    public const int MaxStateLength = 1000;

    // A state refused as too long still goes back with the refusal (RFC 6749 §4.1.2.1: REQUIRED when the
    // request had one), up to what a GET's request line can carry at all (Kestrel's 8 KiB); beyond that it
    // came by POST and is not reflected.
    private const int MaxEchoedStateLength = 8 * 1024;
    public const int MaxScopeLength = 1000;
    public const int MaxLoginHintLength = 254;
    public const int MaxIdTokenHintLength = 8192;

    private const string NotAnIdTokenOfThisSite = "The id_token_hint is not an ID token of this site.";

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

        var responseMode = ResponseModeOf(parameters);
        var state = parameters["state"];
        var provisional = new AuthorizationRequest(
            client, redirectUri, responseMode ?? ResponseMode.Query, state is { Length: <= MaxEchoedStateLength } ? state : null, [], null, string.Empty,
            new HashSet<string>(), null, null, null, issuer);
        foreach (var check in Checks)
        {
            if (check(parameters, client) is { } refusal)
            {
                return (null, provisional.Error(refusal.Error, refusal.Description));
            }
        }

        // OIDC Core §3.1.2.1: the hint is an ID token this environment issued (expired ones too); anything else is refused, not ignored.
        string? hintedSubject = null;
        if (parameters[AuthorizationParameters.IdTokenHint] is { } idTokenHint
            && (hintedSubject = (await signer.ReadIdTokenHintAsync(idTokenHint, cancellationToken))?.Subject) is null)
        {
            return (null, provisional.Error(OAuthErrors.InvalidRequest, NotAnIdTokenOfThisSite));
        }

        var (scopes, scopeOrganization) = OrganizationScopes(Scopes.Parse(parameters["scope"]));
        return (provisional with
        {
            Scopes = scopes,
            Organization = parameters[AuthorizationParameters.Organization] ?? scopeOrganization,
            OrganizationWanted = client.OrganizationRequired || scopes.Contains(Scopes.Organization, StringComparer.Ordinal),
            Nonce = parameters["nonce"],
            CodeChallenge = parameters["code_challenge"]!,
            Prompt = Prompt(parameters),
            MaxAge = parameters[AuthorizationParameters.MaxAge] is { } maxAge ? int.Parse(maxAge, NumberStyles.None, CultureInfo.InvariantCulture) : null,
            LoginHint = parameters["login_hint"] is { Length: <= MaxLoginHintLength } hint ? hint : null,
            HintedSubject = hintedSubject,
        }, null);
    }

    /// <summary>
    /// An <c>organization:&lt;slug&gt;</c> scope names an organization: it is granted as the scope
    /// <c>organization</c> (a consent to it covers any organization) and the slug is the request's choice.
    /// </summary>
    private static (IReadOnlyList<string> Scopes, string? Organization) OrganizationScopes(IReadOnlyList<string> scopes)
    {
        var named = scopes.FirstOrDefault(s => s.StartsWith(Scopes.OrganizationPrefix, StringComparison.Ordinal));
        return named is null
            ? (scopes, null)
            : ([.. scopes.Select(s => s.StartsWith(Scopes.OrganizationPrefix, StringComparison.Ordinal) ? Scopes.Organization : s).Distinct(StringComparer.Ordinal)],
                named[Scopes.OrganizationPrefix.Length..]);
    }

    private static (AuthorizationRequest?, AuthorizationOutcome?) Page(string description) => (null, new AuthorizationOutcome.ErrorPage(description));

    private static ResponseMode? ResponseModeOf(AuthorizationParameters parameters) => parameters["response_mode"] switch
    {
        null or "query" => ResponseMode.Query,
        "form_post" => ResponseMode.FormPost,
        _ => null,
    };

    private static HashSet<string> Prompt(AuthorizationParameters parameters) =>
        (parameters[AuthorizationParameters.Prompt] ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>A reason to refuse the request, answered to the client (RFC 6749 §4.1.2.1).</summary>
    private sealed record Refusal(string Error, string Description);

    /// <summary>
    /// The checks of a request whose client and redirect URI are established, in order: the first
    /// refusal is the answer. Each one rule, named for it.
    /// </summary>
    private static readonly Func<AuthorizationParameters, ClientRegistration, Refusal?>[] Checks =
    [
        RejectRepeatedParameters,
        RejectUnknownResponseMode,
        RejectRequestObjects,
        RequireCodeResponseType,
        RequireAuthorizationCodeGrant,
        RequirePkceS256,
        LimitLengths,
        ValidatePrompt,
        ValidateMaxAge,
        ValidateScopes,
        ValidateOrganization,
    ];

    /// <summary>RFC 6749 §3.1: parameters MUST NOT be included more than once.</summary>
    private static Refusal? RejectRepeatedParameters(AuthorizationParameters parameters, ClientRegistration client) =>
        AuthorizationParameters.Known.FirstOrDefault(parameters.Repeats) is { } repeated
            ? new(OAuthErrors.InvalidRequest, $"The {repeated} parameter is repeated.")
            : null;

    private static Refusal? RejectUnknownResponseMode(AuthorizationParameters parameters, ClientRegistration client) =>
        ResponseModeOf(parameters) is null ? new(OAuthErrors.InvalidRequest, "The response_mode is not supported: use query or form_post.") : null;

    /// <summary>OIDC Core §6: request objects are not supported, and say so by name.</summary>
    private static Refusal? RejectRequestObjects(AuthorizationParameters parameters, ClientRegistration client) =>
        parameters["request"] is not null ? new(OAuthErrors.RequestNotSupported, "Request objects are not supported.")
        : parameters["request_uri"] is not null ? new(OAuthErrors.RequestUriNotSupported, "The request_uri parameter is not supported.")
        : parameters["registration"] is not null ? new(OAuthErrors.RegistrationNotSupported, "The registration parameter is not supported.")
        : null;

    private static Refusal? RequireCodeResponseType(AuthorizationParameters parameters, ClientRegistration client) => parameters["response_type"] switch
    {
        null => new(OAuthErrors.InvalidRequest, "The response_type parameter is required."),
        not "code" => new(OAuthErrors.UnsupportedResponseType, "Only the authorization code flow (response_type=code) is supported."),
        _ => null,
    };

    private static Refusal? RequireAuthorizationCodeGrant(AuthorizationParameters parameters, ClientRegistration client) =>
        client.Allows(GrantTypes.AuthorizationCode) ? null : new(OAuthErrors.UnauthorizedClient, "The client may not use the authorization code grant.");

    /// <summary>RFC 7636 §4.4.1, OAuth 2.1: PKCE is required, with S256 only (a missing method means plain).</summary>
    private static Refusal? RequirePkceS256(AuthorizationParameters parameters, ClientRegistration client) =>
        parameters["code_challenge"] is null ? new(OAuthErrors.InvalidRequest, "code_challenge required: PKCE with S256 is required.")
        : parameters["code_challenge_method"] != Pkce.S256 ? new(OAuthErrors.InvalidRequest, "transform algorithm not supported: use code_challenge_method=S256.")
        : !Pkce.IsWellFormed(parameters["code_challenge"])
            ? new(OAuthErrors.InvalidRequest, "The code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'.")
        : null;

    private static Refusal? LimitLengths(AuthorizationParameters parameters, ClientRegistration client) =>
        parameters["state"] is { Length: > MaxStateLength } ? new(OAuthErrors.InvalidRequest, $"The state is longer than {MaxStateLength} characters.")
        : parameters["nonce"] is { Length: > AuthorizationCode.MaxNonceLength }
            ? new(OAuthErrors.InvalidRequest, $"The nonce is longer than {AuthorizationCode.MaxNonceLength} characters.")
        : parameters[AuthorizationParameters.IdTokenHint] is { Length: > MaxIdTokenHintLength } ? new(OAuthErrors.InvalidRequest, NotAnIdTokenOfThisSite)
        : null;

    /// <summary>OIDC Core §3.1.2.1: known values only, and none with any other value is an error.</summary>
    private static Refusal? ValidatePrompt(AuthorizationParameters parameters, ClientRegistration client)
    {
        var prompt = Prompt(parameters);
        return prompt.Any(p => !PromptValues.Contains(p)) || (prompt.Contains("none") && prompt.Count > 1)
            ? new(OAuthErrors.InvalidRequest, "The prompt is none alone, or any of login, consent and select_account.")
            : null;
    }

    private static Refusal? ValidateMaxAge(AuthorizationParameters parameters, ClientRegistration client) =>
        parameters[AuthorizationParameters.MaxAge] is { } maxAge && !int.TryParse(maxAge, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? new(OAuthErrors.InvalidRequest, "The max_age is a number of seconds.")
            : null;

    /// <summary>RFC 6749 §3.3: scopes the client is allowed; <c>paylent:manage</c> is never a user's to grant.</summary>
    private static Refusal? ValidateScopes(AuthorizationParameters parameters, ClientRegistration client)
    {
        var scope = parameters["scope"];
        var scopes = Scopes.Parse(scope);
        if (scopes.Count == 0 || scope!.Length > MaxScopeLength)
        {
            return new(OAuthErrors.InvalidScope, "The scope parameter is required (at most 1000 characters).");
        }

        // organization:<slug> is allowed with organization (docs/organizations.md).
        var refused = scopes.Where(s => s == Scopes.Manage || !client.AllowedScopes.Contains(
            s.StartsWith(Scopes.OrganizationPrefix, StringComparison.Ordinal) ? Scopes.Organization : s, StringComparer.Ordinal)).ToList();
        // The refused names are echoed only when they are well-formed scope tokens (RFC 6749 §4.1.2.1 limits error_description).
        return refused.Count == 0 ? null
            : refused.All(Scopes.IsValidToken) ? new(OAuthErrors.InvalidScope, $"The client may not request: {string.Join(' ', refused)}.")
            : new(OAuthErrors.InvalidScope, "The scope holds a value that is not a scope token.");
    }

    /// <summary>
    /// An organization is named once, well-formed (its id or slug), by the parameter or by one
    /// <c>organization:&lt;slug&gt;</c> scope; both at once must agree. Malformed values are refused
    /// before any lookup; whether the user may use it is decided after sign-in.
    /// </summary>
    private static Refusal? ValidateOrganization(AuthorizationParameters parameters, ClientRegistration client)
    {
        var named = parameters[AuthorizationParameters.Organization];
        if (named is not null && !OrganizationReference.IsWellFormed(named))
        {
            return new(OAuthErrors.InvalidRequest, "The organization parameter is an organization's id or slug.");
        }

        var scoped = Scopes.Parse(parameters["scope"]).Where(s => s.StartsWith(Scopes.OrganizationPrefix, StringComparison.Ordinal)).ToList();
        return scoped.Count > 1 ? new(OAuthErrors.InvalidScope, "The scope names more than one organization.")
            : scoped.Count == 1 && !OrganizationReference.IsWellFormed(scoped[0][Scopes.OrganizationPrefix.Length..])
                ? new(OAuthErrors.InvalidScope, "The organization scope names an organization by its slug: organization:<slug>.")
            : scoped.Count == 1 && named is not null && named != scoped[0][Scopes.OrganizationPrefix.Length..]
                ? new(OAuthErrors.InvalidRequest, "The organization parameter and the organization scope name different organizations.")
            : null;
    }
}
