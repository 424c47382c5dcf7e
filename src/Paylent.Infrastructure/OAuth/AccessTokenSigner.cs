using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// RFC 9068 JWT access tokens for the current environment, with the cached keys of
/// <see cref="SigningKeyCache"/>. Reading accepts only this environment's published keys, RS256,
/// <c>typ: at+jwt</c> and an unexpired <c>exp</c>, so another environment's token is simply unreadable.
/// </summary>
internal sealed class AccessTokenSigner(SigningKeyCache cache, EnvironmentContext scope) : IAccessTokenSigner
{
    public const string AccessTokenType = "at+jwt";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };

    public async Task<string> SignAsync(AccessTokenClaims claims, CancellationToken cancellationToken)
    {
        var keys = await cache.GetAsync(scope.RequiredEnvironmentId);
        var descriptor = new SecurityTokenDescriptor
        {
            TokenType = AccessTokenType,
            SigningCredentials = keys.Signing ?? throw new InvalidOperationException("The environment has no primary signing key."),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Iss] = claims.Issuer,
                [JwtRegisteredClaimNames.Sub] = claims.Subject,
                [JwtRegisteredClaimNames.Aud] = claims.Audience.Count == 1 ? claims.Audience[0] : claims.Audience.ToArray(),
                [JwtRegisteredClaimNames.Exp] = EpochTime.GetIntDate(claims.ExpiresAt),
                [JwtRegisteredClaimNames.Iat] = EpochTime.GetIntDate(claims.IssuedAt),
                [JwtRegisteredClaimNames.Jti] = claims.Jti,
                ["client_id"] = claims.ClientId,
                ["scope"] = claims.Scope,
            },
        };
        return Handler.CreateToken(descriptor);
    }

    public async Task<AccessTokenClaims?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        var keys = await cache.GetAsync(scope.RequiredEnvironmentId);
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.Published,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = [AccessTokenType],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
            TryAllIssuerSigningKeys = false,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        return new AccessTokenClaims(
            jwt.Issuer,
            jwt.Subject,
            Claim(jwt, "client_id"),
            jwt.Audiences.ToList(),
            Claim(jwt, "scope"),
            jwt.IssuedAt,
            jwt.ValidTo,
            jwt.Id);
    }

    public async Task<(string Json, string ETag)> JwksAsync(CancellationToken cancellationToken)
    {
        var keys = await cache.GetAsync(scope.RequiredEnvironmentId);
        return (keys.Jwks, keys.JwksETag);
    }

    private static string Claim(JsonWebToken jwt, string type) =>
        jwt.TryGetPayloadValue<string>(type, out var value) ? value : string.Empty;
}
