using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Authorization;

/// <summary>An authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1) whose client and redirect URI are valid.</summary>
/// <param name="HintedSubject">The <c>sub</c> of the request's verified <c>id_token_hint</c>: the user the client expects.</param>
/// <param name="Organization">The organization the request names (its id or slug), by parameter or by an <c>organization:&lt;slug&gt;</c> scope.</param>
/// <param name="OrganizationWanted">The tokens must carry an organization: the client requires one, or the <c>organization</c> scope asks for it.</param>
public sealed record AuthorizationRequest(
    ClientRegistration Client,
    string RedirectUri,
    ResponseMode ResponseMode,
    string? State,
    IReadOnlyList<string> Scopes,
    string? Nonce,
    string CodeChallenge,
    IReadOnlySet<string> Prompt,
    int? MaxAge,
    string? LoginHint,
    string? HintedSubject,
    string Issuer,
    string? Organization = null,
    bool OrganizationWanted = false)
{
    public bool IsOpenIdConnect => Scopes.Contains(Domain.OAuth.Scopes.OpenId, StringComparer.Ordinal);

    /// <summary>A redirect to the client with an error (RFC 6749 §4.1.2.1), its state and our issuer (RFC 9207).</summary>
    public AuthorizationOutcome Error(string error, string description) => Respond(
        [new("error", error), new("error_description", description)]);

    /// <summary>A redirect to the client with the code (RFC 6749 §4.1.2).</summary>
    public AuthorizationOutcome Code(string code) => Respond([new("code", code)]);

    private AuthorizationOutcome.RedirectToClient Respond(List<KeyValuePair<string, string>> parameters)
    {
        if (State is not null)
        {
            parameters.Add(new("state", State));
        }

        parameters.Add(new("iss", Issuer));
        return new AuthorizationOutcome.RedirectToClient(RedirectUri, ResponseMode, parameters);
    }
}

/// <summary>How the authorization response reaches the client (OAuth 2.0 Multiple Response Types §2.1, Form Post Response Mode).</summary>
public enum ResponseMode
{
    Query,
    FormPost,
}

/// <summary>What the authorization endpoint does next.</summary>
public abstract record AuthorizationOutcome
{
    /// <summary>
    /// The client or its redirect URI is not established: the error is shown to the user, never sent
    /// anywhere (RFC 6749 §4.1.2.1, so the endpoint is no open redirector).
    /// </summary>
    public sealed record ErrorPage(string Description) : AuthorizationOutcome;

    public sealed record RedirectToClient(string RedirectUri, ResponseMode Mode, IReadOnlyList<KeyValuePair<string, string>> Parameters) : AuthorizationOutcome;

    /// <summary>The user must (again) prove who they are on the hosted sign-in page.</summary>
    public sealed record SignIn(string? LoginHint) : AuthorizationOutcome;

    /// <summary>The user must allow the client the scopes on the consent page.</summary>
    public sealed record Consent : AuthorizationOutcome;

    /// <summary>
    /// <c>prompt=select_account</c> (OIDC Core §3.1.2.1) with a user signed in: the user confirms the
    /// account this browser is signed in with, or signs in with another.
    /// </summary>
    public sealed record SelectAccount(AuthorizationRequest Request) : AuthorizationOutcome;

    /// <summary>The user must choose which of their organizations the client's tokens are for.</summary>
    public sealed record PickOrganization(AuthorizationRequest Request, IReadOnlyList<OrganizationChoice> Choices) : AuthorizationOutcome;
}

/// <summary>One of the signed-in user's active organizations, as the picker shows it.</summary>
public sealed record OrganizationChoice(Guid Id, string Slug, string Name);

/// <summary>The browser's signed-in user on this environment, as the hosted session says.</summary>
public sealed record SignedInUser(Guid UserId, Guid SessionId, DateTimeOffset AuthenticatedAt);

/// <summary>The authorization parameters as received, each name with every value it was given.</summary>
public sealed record AuthorizationParameters(IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    public const string Prompt = "prompt";
    public const string MaxAge = "max_age";
    public const string IdTokenHint = "id_token_hint";
    public const string Organization = "organization";

    /// <summary>
    /// Ours, not the client's: the session that was not good enough when the request demanded a sign-in
    /// (a value only the server can make, see the authorization endpoint). Dropping <c>prompt=login</c> or
    /// <c>max_age</c> from the URL a sign-in returns to must not let anyone at a signed-in browser skip that
    /// sign-in: only a new session, which only a sign-in makes, satisfies it.
    /// </summary>
    public const string StaleSession = "paylent_stale_session";

    /// <summary>Those Paylent reads: the rest are ignored (OIDC Core §3.1.2.1) and not carried through sign-in.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        "client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge",
        "code_challenge_method", Prompt, MaxAge, "login_hint", IdTokenHint, "request", "request_uri", "registration", StaleSession, Organization,
    ];

    /// <summary>Whether this request comes back from the sign-in it asked for (it carries the mark only that detour adds).</summary>
    public bool ReturnsFromSignIn => this[StaleSession] is not null;

    /// <summary>The same request naming <paramref name="organization"/> (the picker's answer), in place of whatever it named.</summary>
    public AuthorizationParameters Naming(string organization) =>
        new(new Dictionary<string, IReadOnlyList<string>>(Values, StringComparer.Ordinal) { [Organization] = [organization] });

    /// <summary>The same request asking for <paramref name="prompt"/> too (the account chooser shown again).</summary>
    public AuthorizationParameters Prompting(string prompt) =>
        new(new Dictionary<string, IReadOnlyList<string>>(Values, StringComparer.Ordinal) { [Prompt] = [this[Prompt] is { } asked ? $"{asked} {prompt}" : prompt] });

    public bool Repeats(string name) => Values.TryGetValue(name, out var values) && values.Count > 1;

    public string? this[string name] => Values.TryGetValue(name, out var values) && values.Count > 0 && values[0].Length > 0 ? values[0] : null;

    /// <summary>
    /// The request as the authorization endpoint should see it again after the user signed in or
    /// consented: what was satisfied (a prompt, a maximum age) is dropped, so it is not asked again.
    /// The <c>id_token_hint</c> stays: whoever signs in must still be the user it names.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> ResumeAfter(params string[] satisfiedPrompts)
    {
        foreach (var name in Known)
        {
            if (this[name] is not { } value || (name is MaxAge or StaleSession && satisfiedPrompts.Contains("login")))
            {
                continue;
            }

            if (name == Prompt)
            {
                value = string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Except(satisfiedPrompts, StringComparer.Ordinal));
                if (value.Length == 0)
                {
                    continue;
                }
            }

            yield return new(name, value);
        }
    }
}
