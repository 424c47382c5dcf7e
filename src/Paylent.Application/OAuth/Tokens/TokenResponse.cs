namespace Paylent.Application.OAuth.Tokens;

/// <summary>RFC 6749 §5.1 successful token response.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? Scope);

/// <summary>RFC 7662 §2.2 introspection response; only <see cref="Active"/> when inactive.</summary>
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
    string? TokenType = null)
{
    public static readonly IntrospectionResponse Inactive = new(false);
}
