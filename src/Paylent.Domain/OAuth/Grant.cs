using System.Linq.Expressions;
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

    /// <summary>
    /// The authorization code whose redemption started this family (<see cref="AuthorizationCode.Redeem"/>),
    /// unique: it is what marks the code redeemed, so a second redemption cannot be written and a replay
    /// finds what to revoke (RFC 6749 §4.1.2).
    /// </summary>
    public Guid? AuthorizationCodeId { get; private set; }

    public static Grant Start(
        Guid environmentId, string clientId, Guid userId, Guid sessionId, string scope, DateTime sessionExpiresAt, DateTime now, Guid? organizationId = null) =>
        new(environmentId, clientId, userId, sessionId, scope, now, sessionExpiresAt) { OrganizationId = organizationId };

    internal static Grant Redeeming(AuthorizationCode code, DateTime sessionExpiresAt, DateTime now) =>
        new(code.EnvironmentId, code.ClientId, code.UserId, code.SessionId, code.Scope, now, sessionExpiresAt)
        {
            OrganizationId = code.OrganizationId, AuthorizationCodeId = code.Id,
        };

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
/// the whole family, its <see cref="Grant"/>, is revoked. What spends a token is its successor naming
/// it (<see cref="ReplacesTokenId"/>, unique): a rotation writes one row and updates none, and of two
/// simultaneous rotations of one token only one can be written.
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

    /// <summary>
    /// When a rotation before migration 20261204120000 spent this token; since, rotations set
    /// <see cref="ReplacesTokenId"/> on the successor instead. Read until those tokens are pruned.
    /// </summary>
    public DateTime? RotatedAt { get; private set; }

    /// <summary>The token this one replaced, which its issue spent (<see cref="SpentAmong"/>).</summary>
    public Guid? ReplacesTokenId { get; private set; }

    /// <summary>
    /// Spent: a successor replaced it (or, before migration 20261204120000, it was marked rotated). The one
    /// definition, for the queries that read tokens (<paramref name="tokens"/> is where successors are).
    /// </summary>
    public static readonly Expression<Func<RefreshToken, IQueryable<RefreshToken>, bool>> SpentAmong =
        (t, tokens) => t.RotatedAt != null || tokens.Any(successor => successor.ReplacesTokenId == t.Id);

    /// <summary><see cref="SpentAmong"/> negated, over <paramref name="tokens"/>, for a query that keeps only unspent tokens.</summary>
    public static Expression<Func<RefreshToken, bool>> UnspentAmong(IQueryable<RefreshToken> tokens)
    {
        var (token, among) = (SpentAmong.Parameters[0], SpentAmong.Parameters[1]);
        return Expression.Lambda<Func<RefreshToken, bool>>(Expression.Not(new ParameterSubstitution(among, tokens.Expression).Visit(SpentAmong.Body)), token);
    }

    /// <summary>Not expired. Also to be accepted, a token must not be spent (<see cref="SpentAmong"/>) and its grant must be live (<see cref="Grant.Live"/>).</summary>
    public static readonly TimedRule<RefreshToken> Unexpired = new((t, now) => now < t.ExpiresAt);

    public static RefreshToken Issue(Guid environmentId, string tokenHash, Grant grant, int lifetimeSeconds, DateTime now)
    {
        var idleEnd = now.AddSeconds(lifetimeSeconds);
        return new(environmentId, tokenHash, grant.Id, now, idleEnd < grant.ExpiresAt ? idleEnd : grant.ExpiresAt);
    }

    /// <summary>
    /// The token that replaces this one in <paramref name="family"/> (this token's grant, or the one an
    /// organization switch starts from it); writing it spends this one.
    /// </summary>
    public RefreshToken Rotate(string tokenHash, Grant family, int lifetimeSeconds, DateTime now)
    {
        var successor = Issue(EnvironmentId, tokenHash, family, lifetimeSeconds, now);
        successor.ReplacesTokenId = Id;
        return successor;
    }
}
