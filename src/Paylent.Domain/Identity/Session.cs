using Paylent.Domain.Common;

namespace Paylent.Domain.Identity;

/// <summary>
/// A signed-in browser of a user, kept server-side: the cookie holds a random token whose SHA-256 is
/// <see cref="TokenHash"/>. It ends at the first of its idle expiry, its absolute expiry, sign-out
/// or revocation; tokens issued in it carry its id as <c>sid</c> and die with it.
/// </summary>
[Audited("session")]
public sealed class Session : AggregateRoot, IEnvironmentScoped
{
    public const int MaxUserAgentLength = 512;
    public const int MaxIpAddressLength = 45;

    /// <summary>Last-seen is written at most this often, so active browsing does not write on every request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private Session(Guid environmentId, Guid userId, string tokenHash, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        UserId = userId;
        TokenHash = tokenHash;
        CreatedAt = createdAt;
        LastSeenAt = createdAt;
        AuthenticatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public Guid UserId { get; private set; }

    [Secret]
    public string TokenHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    [NotAudited]
    public DateTime LastSeenAt { get; private set; }

    /// <summary>When the user last proved who they are (OIDC <c>auth_time</c>).</summary>
    public DateTime AuthenticatedAt { get; private set; }

    /// <summary>RFC 8176 method references (<c>pwd</c>), the OIDC <c>amr</c> claim.</summary>
    public IReadOnlyList<string> AuthenticationMethods { get; private set; } = [];

    [NotAudited]
    public DateTime IdleExpiresAt { get; private set; }

    public DateTime AbsoluteExpiresAt { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public static Session Start(Guid environmentId, Guid userId, string tokenHash, SessionPolicy policy, SessionClient client, IEnumerable<string> methods, DateTime now) =>
        new(environmentId, userId, tokenHash, now)
        {
            IdleExpiresAt = Earliest(now + policy.IdleTimeout, now + policy.AbsoluteLifetime),
            AbsoluteExpiresAt = now + policy.AbsoluteLifetime,
            AuthenticationMethods = [.. methods.Distinct(StringComparer.Ordinal)],
            IpAddress = Truncate(client.IpAddress, MaxIpAddressLength),
            UserAgent = Truncate(client.UserAgent, MaxUserAgentLength),
        };

    /// <summary>Live: neither revoked (or signed out) nor past its idle or absolute expiry. The one definition, for queries and memory.</summary>
    public static readonly TimedRule<Session> Live = new((s, now) => s.RevokedAt == null && now < s.IdleExpiresAt && now < s.AbsoluteExpiresAt);

    public bool IsActive(DateTime now) => Live.IsSatisfiedBy(this, now);

    /// <summary>Records activity, sliding the idle expiry; returns false when nothing needed writing.</summary>
    public bool Touch(SessionPolicy policy, DateTime now)
    {
        if (now - LastSeenAt < TouchInterval)
        {
            return false;
        }

        LastSeenAt = now;
        IdleExpiresAt = Earliest(now + policy.IdleTimeout, AbsoluteExpiresAt);
        return true;
    }

    public void Revoke(DateTime now)
    {
        if (RevokedAt is not null)
        {
            return;
        }

        RevokedAt = now;
        Raise(new SessionRevoked());
    }

    private static DateTime Earliest(DateTime a, DateTime b) => a < b ? a : b;

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}

/// <summary>How long sessions last: idle (sliding) and absolute.</summary>
public sealed record SessionPolicy(TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime)
{
    public static readonly SessionPolicy Default = new(TimeSpan.FromDays(1), TimeSpan.FromDays(14));
}

/// <summary>Where a session was started from, as the request told.</summary>
public sealed record SessionClient(string? IpAddress, string? UserAgent);

public sealed record SessionRevoked : IDomainEvent
{
    public string Action => "session.revoked";
}
