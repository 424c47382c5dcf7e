using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Paylent.Domain.OAuth;

/// <summary>
/// What the authorization endpoint handed to a client (RFC 6749 §4.1.2): alive for a minute, bound to
/// the client, the redirect URI and the PKCE challenge of its request and to the session it was issued
/// in. It is stored nowhere: the code the client receives is this, sealed for the server alone
/// (authenticated encryption, <c>IAuthorizationCodeSeal</c>), so an authorization request writes nothing.
/// Redeeming it starts a <see cref="Grant"/> that names it (<see cref="Grant.AuthorizationCodeId"/>,
/// unique): that grant is what makes it redeemed, so it is single use, and a second redemption is a
/// replay, which revokes that grant. Not audited one by one, as tokens are not.
/// </summary>
/// <param name="Id">What the grant its redemption starts names.</param>
/// <param name="RedirectUriHash">The SHA-256 of the request's redirect URI (<see cref="IsFor"/>): the URI itself need not travel in the code.</param>
/// <param name="Scope">The granted scopes, space-separated.</param>
/// <param name="CodeChallenge">RFC 7636 §4.2, <c>S256</c>.</param>
/// <param name="Nonce">OIDC Core §3.1.2.1: echoed in the ID token.</param>
/// <param name="ConsentId">
/// The stored consent the code was issued on, if the user was asked for one (a first-party client's
/// code has none): withdrawing that consent before redemption voids the code.
/// </param>
/// <param name="OrganizationId">
/// The organization the user chose or the request named (docs/organizations.md): the tokens carry its
/// context, and only while the user is still an active member of it.
/// </param>
public sealed record AuthorizationCode(
    Guid Id,
    Guid EnvironmentId,
    string ClientId,
    Guid UserId,
    Guid SessionId,
    byte[] RedirectUriHash,
    string Scope,
    string CodeChallenge,
    string? Nonce,
    Guid? ConsentId,
    Guid? OrganizationId,
    DateTime CreatedAt)
{
    public const int MaxNonceLength = 512;

    /// <summary>
    /// The longest <c>code</c> a token request may carry: more than the seal makes of the largest request
    /// (the authorization endpoint takes a scope of 1,000 characters; even 2,000, with a nonce of 512
    /// three-byte characters, seals to under 5,500).
    /// </summary>
    public const int MaxSealedLength = 8192;

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public DateTime ExpiresAt => CreatedAt + Lifetime;

    public static AuthorizationCode Issue(
        Guid environmentId, string clientId, Guid userId, Guid sessionId, string redirectUri, string scope, string codeChallenge, string? nonce,
        Guid? consentId, DateTime now, Guid? organizationId = null) =>
        new(Guid.CreateVersion7(), environmentId, clientId, userId, sessionId, HashOf(redirectUri), scope, codeChallenge, nonce, consentId, organizationId, now);

    /// <summary>RFC 6749 §4.1.2: a code is redeemed within its lifetime (and once: a grant naming it).</summary>
    public bool IsUnexpired(DateTime now) => now < ExpiresAt;

    /// <summary>RFC 6749 §4.1.3: the token request's <c>redirect_uri</c> is the authorization request's, exactly.</summary>
    public bool IsFor(string redirectUri) => RedirectUriHash.AsSpan().SequenceEqual(HashOf(redirectUri));

    /// <summary>The grant a redemption starts, for the code's client, user, session, scopes and organization; writing it redeems the code.</summary>
    public Grant Redeem(DateTime sessionExpiresAt, DateTime now) => Grant.Redeeming(this, sessionExpiresAt, now);

    // Of the UTF-16 code units as they are: no encoding step that could make two different strings one.
    private static byte[] HashOf(string redirectUri) => SHA256.HashData(MemoryMarshal.AsBytes(redirectUri.AsSpan()));
}
