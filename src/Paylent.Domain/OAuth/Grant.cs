using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// What one redeemed authorization code started: the tokens a client holds for a user in one session,
/// its refresh-token family among them. Revoking it (a replayed code, a reused refresh token, an explicit
/// revocation) ends all of them at once. It also ends with its session: tokens issued in a session die with it.
/// </summary>
public sealed class Grant : Entity, IEnvironmentScoped
{
    private Grant(Guid environmentId, string clientId, Guid userId, Guid sessionId, string scope, DateTime createdAt, DateTime expiresAt)
    {
        EnvironmentId = environmentId;
        ClientId = clientId;
        UserId = userId;
        SessionId = sessionId;
        Scope = scope;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string ClientId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid SessionId { get; private set; }

    /// <summary>The scopes the user granted, space-separated: the most a refresh may ask for (RFC 6749 §6).</summary>
    public string Scope { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The absolute end of the refresh-token family: its session's absolute expiry.</summary>
    public DateTime ExpiresAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    /// <summary>The organization whose context every token of the family carries, if any.</summary>
    public Guid? OrganizationId { get; private set; }

    /// <summary>
    /// The family whose refresh token was spent to switch organization into this one: a reuse of a spent
    /// token of that family revokes this one too, or a switch would be a way out of reuse detection.
    /// </summary>
    public Guid? SwitchedFromGrantId { get; private set; }

    public static Grant Start(
        Guid environmentId, string clientId, Guid userId, Guid sessionId, string scope, DateTime sessionExpiresAt, DateTime now, Guid? organizationId = null) =>
        new(environmentId, clientId, userId, sessionId, scope, now, sessionExpiresAt) { OrganizationId = organizationId };

    /// <summary>
    /// A new family for the same client, user, session and scopes in another organization: switching
    /// organization on refresh. The family ends where this one ends (its session's absolute expiry).
    /// </summary>
    public Grant SwitchTo(Guid organizationId, DateTime now) =>
        new(EnvironmentId, ClientId, UserId, SessionId, Scope, now, ExpiresAt) { OrganizationId = organizationId, SwitchedFromGrantId = Id };

    /// <summary>Live: not revoked and not past its end. The one definition, for queries and memory.</summary>
    public static readonly TimedRule<Grant> Live = new((g, now) => g.RevokedAt == null && now < g.ExpiresAt);

    public bool IsActive(DateTime now) => Live.IsSatisfiedBy(this, now);

    public void Revoke(DateTime now) => RevokedAt ??= now;
}

/// <summary>
/// A refresh token (RFC 6749 §1.5, §6), stored as its SHA-256. Each use rotates it: the new token
/// replaces it and it is spent. Presenting a spent one again means it leaked (RFC 9700 §4.14.2), so
/// the whole family, its <see cref="Grant"/>, is revoked.
/// </summary>
public sealed class RefreshToken : AggregateRoot, IEnvironmentScoped
{
    private RefreshToken(Guid environmentId, string tokenHash, Guid grantId, DateTime createdAt, DateTime expiresAt)
    {
        EnvironmentId = environmentId;
        TokenHash = tokenHash;
        GrantId = grantId;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string TokenHash { get; private set; }

    public Guid GrantId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The idle limit: the client's refresh-token lifetime from issue, never past the grant's end.</summary>
    public DateTime ExpiresAt { get; private set; }

    public DateTime? RotatedAt { get; private set; }

    public static RefreshToken Issue(Guid environmentId, string tokenHash, Grant grant, int lifetimeSeconds, DateTime now)
    {
        var idleEnd = now.AddSeconds(lifetimeSeconds);
        return new(environmentId, tokenHash, grant.Id, now, idleEnd < grant.ExpiresAt ? idleEnd : grant.ExpiresAt);
    }

    /// <summary>Accepted now: not spent (rotated) and not expired. Its grant must be live too (<see cref="Grant.Live"/>).</summary>
    public static readonly TimedRule<RefreshToken> Usable = new((t, now) => t.RotatedAt == null && now < t.ExpiresAt);

    public bool IsSpent => RotatedAt is not null;

    public void Rotate(DateTime now)
    {
        if (IsSpent)
        {
            throw new InvalidOperationException("A refresh token is used once.");
        }

        RotatedAt = now;
    }
}
