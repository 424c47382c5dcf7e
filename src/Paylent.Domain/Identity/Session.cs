using Paylent.Domain.Common;

namespace Paylent.Domain.Identity;

/// <summary>
/// A signed-in browser of a user, kept server-side: the cookie holds a random token whose SHA-256 is
/// <see cref="TokenHash"/>. It ends at the first of its idle expiry, its absolute expiry, sign-out
/// or revocation; tokens issued in it carry its id as <c>sid</c> and die with it.
/// </summary>
[Audited("session")]
public sealed class Session : BrowserSession, IEnvironmentScoped
{
    private Session(Guid environmentId, Guid userId, string tokenHash, DateTime createdAt)
        : base(tokenHash, createdAt)
    {
        EnvironmentId = environmentId;
        UserId = userId;
        AuthenticatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>When the user last proved who they are (OIDC <c>auth_time</c>).</summary>
    public DateTime AuthenticatedAt { get; private set; }

    /// <summary>RFC 8176 method references (<c>pwd</c>), the OIDC <c>amr</c> claim.</summary>
    public IReadOnlyList<string> AuthenticationMethods { get; private set; } = [];

    public DateTime? RevokedAt { get; private set; }

    public static Session Start(Guid environmentId, Guid userId, string tokenHash, SessionPolicy policy, SessionClient client, IEnumerable<string> methods, DateTime now)
    {
        var session = new Session(environmentId, userId, tokenHash, now) { AuthenticationMethods = [.. methods.Distinct(StringComparer.Ordinal)] };
        session.Begin(policy, client.IpAddress, client.UserAgent);
        return session;
    }

    /// <summary>Live: neither revoked (or signed out) nor past its idle or absolute expiry. The one definition, for queries and memory.</summary>
    public static readonly TimedRule<Session> Live = new((s, now) => s.RevokedAt == null && now < s.IdleExpiresAt && now < s.AbsoluteExpiresAt);

    public bool IsActive(DateTime now) => Live.IsSatisfiedBy(this, now);

    public void Revoke(DateTime now)
    {
        if (RevokedAt is not null)
        {
            return;
        }

        RevokedAt = now;
        Raise(new SessionRevoked());
    }
}

/// <summary>How long end users' sessions last: idle (sliding) and absolute.</summary>
public sealed record SessionPolicy(TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime) : SessionLifetime(IdleTimeout, AbsoluteLifetime)
{
    public static readonly SessionPolicy Default = new(TimeSpan.FromDays(1), TimeSpan.FromDays(14));
}

/// <summary>Where a session was started from, as the request told.</summary>
public sealed record SessionClient(string? IpAddress, string? UserAgent);

public sealed record SessionRevoked : IDomainEvent
{
    public string Action => "session.revoked";
}
