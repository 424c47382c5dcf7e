using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// A code the authorization endpoint handed to a client (RFC 6749 §4.1.2): stored only as its SHA-256,
/// single use, alive for a minute, and bound to the client, the redirect URI and the PKCE challenge of
/// its request and to the session it was issued in. Redeeming it starts a <see cref="Grant"/> that names
/// it (<see cref="Grant.AuthorizationCodeId"/>, unique): that grant is what makes it redeemed, so a
/// redemption writes rows and updates none. A second redemption is a replay, and revokes that grant.
/// Not audited one by one, as tokens are not.
/// </summary>
public sealed class AuthorizationCode : AggregateRoot, IEnvironmentScoped
{
    public const int MaxNonceLength = 512;

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private AuthorizationCode(Guid environmentId, string codeHash, string clientId, Guid userId, Guid sessionId, string redirectUri, string scope, string codeChallenge, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        CodeHash = codeHash;
        ClientId = clientId;
        UserId = userId;
        SessionId = sessionId;
        RedirectUri = redirectUri;
        Scope = scope;
        CodeChallenge = codeChallenge;
        CreatedAt = createdAt;
        ExpiresAt = createdAt + Lifetime;
    }

    public Guid EnvironmentId { get; private set; }

    public string CodeHash { get; private set; }

    public string ClientId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid SessionId { get; private set; }

    public string RedirectUri { get; private set; }

    /// <summary>The granted scopes, space-separated.</summary>
    public string Scope { get; private set; }

    /// <summary>OIDC Core §3.1.2.1: echoed in the ID token.</summary>
    public string? Nonce { get; private set; }

    public string CodeChallenge { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    /// <summary>
    /// The stored consent the code was issued on, if the user was asked for one (a first-party client's
    /// code has none): withdrawing that consent before redemption voids the code.
    /// </summary>
    public Guid? ConsentId { get; private set; }

    /// <summary>
    /// The organization the user chose or the request named (docs/organizations.md): the tokens carry its
    /// context, and only while the user is still an active member of it.
    /// </summary>
    public Guid? OrganizationId { get; private set; }

    public static AuthorizationCode Issue(
        Guid environmentId, string codeHash, string clientId, Guid userId, Guid sessionId, string redirectUri, string scope, string codeChallenge, string? nonce,
        Guid? consentId, DateTime now, Guid? organizationId = null) =>
        new(environmentId, codeHash, clientId, userId, sessionId, redirectUri, scope, codeChallenge, now)
        {
            Nonce = nonce, ConsentId = consentId, OrganizationId = organizationId,
        };

    /// <summary>
    /// RFC 6749 §4.1.2: a code is redeemed within its lifetime, and once, which is a grant naming it
    /// (<see cref="Grant.AuthorizationCodeId"/>). The one definition of the first, for queries and memory.
    /// </summary>
    public static readonly TimedRule<AuthorizationCode> Unexpired = new((c, now) => now < c.ExpiresAt);

    /// <summary>The grant a redemption starts, for the code's client, user, session, scopes and organization; writing it redeems the code.</summary>
    public Grant Redeem(DateTime sessionExpiresAt, DateTime now) => Grant.Redeeming(this, sessionExpiresAt, now);
}
