namespace Paylent.Application.OAuth.Tokens;

/// <summary>RFC 6749 §5.1 successful token response, with OIDC Core §3.1.3.3's <c>id_token</c>.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? Scope, string? RefreshToken = null, string? IdToken = null);

/// <summary>
/// A token request's answer when a refusal must still be saved: a replayed code or reused refresh
/// token revokes its grant and is audited, so it is a result the unit of work commits, not an exception.
/// </summary>
public sealed record TokenResult(TokenResponse? Tokens, string? Error = null, string? ErrorDescription = null)
{
    public static TokenResult Refused(string description) => new(null, OAuthErrors.InvalidGrant, description);

    public TokenResponse Unwrap() => Tokens ?? throw new OAuthException(Error!, ErrorDescription!);
}

/// <summary>RFC 7662 §2.2 introspection response; only <see cref="Active"/> when inactive.</summary>
/// <param name="TokenType">"Bearer" for access tokens, "refresh_token" for refresh tokens.</param>
public sealed record IntrospectionResponse(
    bool Active,
    string? Scope = null,
    string? ClientId = null,
    string? Subject = null,
    IReadOnlyList<string>? Audience = null,
    string? Issuer = null,
    DateTime? ExpiresAt = null,
    DateTime? IssuedAt = null,
    string? Jti = null,
    string? TokenType = null,
    IReadOnlyList<string>? Roles = null,
    IReadOnlyList<string>? Permissions = null,
    Guid? OrganizationId = null,
    string? OrganizationSlug = null)
{
    public static readonly IntrospectionResponse Inactive = new(false);
}
