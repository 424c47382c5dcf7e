using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth;

/// <summary>Makes RSA key pairs and seals their private halves (Infrastructure: .NET RSA + AES-GCM).</summary>
public interface ISigningKeyGenerator
{
    SigningKey Generate(Guid environmentId, DateTime now);
}

/// <summary>Signs and reads the current environment's JWTs with its cached keys: no per-request key work.</summary>
public interface IAccessTokenSigner
{
    /// <summary>An RFC 9068 access token (<c>typ: at+jwt</c>) signed by the environment's primary key.</summary>
    Task<string> SignAsync(AccessTokenClaims claims, CancellationToken cancellationToken);

    /// <summary>The claims of a JWT this environment signed with a published key and that has not expired; else null.</summary>
    Task<AccessTokenClaims?> ReadAsync(string token, CancellationToken cancellationToken);

    /// <summary>The environment's JWKS document and its ETag.</summary>
    Task<(string Json, string ETag)> JwksAsync(CancellationToken cancellationToken);
}

/// <summary>What an access token says (RFC 9068 §2.2).</summary>
public sealed record AccessTokenClaims(
    string Issuer,
    string Subject,
    string ClientId,
    IReadOnlyList<string> Audience,
    string Scope,
    DateTime IssuedAt,
    DateTime ExpiresAt,
    string Jti);
