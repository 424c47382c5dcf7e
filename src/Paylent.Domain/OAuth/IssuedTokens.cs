using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// An opaque access token: only its SHA-256 hash is stored, with what introspection reports.
/// Revoking deletes it. Tokens are not audited one by one (their volume would drown the trail).
/// A token issued in an end-user session names it and is inactive once the session or its grant ends.
/// </summary>
public sealed class OpaqueAccessToken : Entity, IEnvironmentScoped
{
    private OpaqueAccessToken(Guid environmentId, string tokenHash, string clientId, string subject, string scope, string audience, DateTime issuedAt, DateTime expiresAt)
    {
        EnvironmentId = environmentId;
        TokenHash = tokenHash;
        ClientId = clientId;
        Subject = subject;
        Scope = scope;
        Audience = audience;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string TokenHash { get; private set; }

    public string ClientId { get; private set; }

    public string Subject { get; private set; }

    public string Scope { get; private set; }

    /// <summary>Space-separated audiences.</summary>
    public string Audience { get; private set; }

    public DateTime IssuedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public Guid? SessionId { get; private set; }

    /// <summary>The <see cref="Grant"/> of a user's authorization the token was issued under; it dies with it.</summary>
    public Guid? GrantId { get; private set; }

    /// <summary>The subject's roles at issuance (what a JWT would carry), or null when the client leaves them out.</summary>
    public IReadOnlyList<string>? Roles { get; private set; }

    /// <summary>The subject's effective permissions at issuance, or null when the client leaves them out.</summary>
    public IReadOnlyList<string>? Permissions { get; private set; }

    /// <summary>The organization context it was issued in (<c>org_id</c>, <c>org_slug</c>), if any.</summary>
    public Guid? OrganizationId { get; private set; }

    public string? OrganizationSlug { get; private set; }

    public static OpaqueAccessToken Issue(
        Guid environmentId, string tokenHash, string clientId, string subject, string scope, IReadOnlyList<string> audience, DateTime issuedAt, DateTime expiresAt,
        Guid? sessionId = null, Guid? grantId = null, IReadOnlyList<string>? roles = null, IReadOnlyList<string>? permissions = null,
        Guid? organizationId = null, string? organizationSlug = null) =>
        new(environmentId, tokenHash, clientId, subject, scope, string.Join(' ', audience), issuedAt, expiresAt)
        {
            SessionId = sessionId, GrantId = grantId, Roles = roles, Permissions = permissions, OrganizationId = organizationId, OrganizationSlug = organizationSlug,
        };
}

/// <summary>
/// A revoked JWT access token's <c>jti</c>, kept until the token would have expired anyway, so
/// introspection can deny it (RFC 7009 §2 for self-contained tokens).
/// </summary>
public sealed class RevokedAccessToken : Entity, IEnvironmentScoped
{
    private RevokedAccessToken(Guid environmentId, string jti, DateTime expiresAt)
    {
        EnvironmentId = environmentId;
        Jti = jti;
        ExpiresAt = expiresAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string Jti { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public static RevokedAccessToken For(Guid environmentId, string jti, DateTime expiresAt) => new(environmentId, jti, expiresAt);
}
