using Paylent.Domain.Common;

namespace Paylent.Domain.Tenancy;

/// <summary>
/// A signed-in dashboard browser, kept server-side: the cookie holds a random token whose SHA-256 is
/// <see cref="TokenHash"/>. It ends at the first of its idle expiry, its absolute expiry, sign-out or
/// revocation, so a copy of the cookie dies with it.
/// </summary>
[Audited("admin_session")]
public sealed class AdminSession : AggregateRoot, IAccountScoped
{
    public const int MaxUserAgentLength = 512;
    public const int MaxIpAddressLength = 45;

    /// <summary>Last-seen is written at most this often, so active browsing does not write on every request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private AdminSession(Guid accountId, Guid adminId, string tokenHash, DateTime createdAt)
    {
        AccountId = accountId;
        AdminId = adminId;
        TokenHash = tokenHash;
        CreatedAt = createdAt;
        LastSeenAt = createdAt;
    }

    public Guid AccountId { get; private set; }

    public Guid AdminId { get; private set; }

    [Secret]
    public string TokenHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    [NotAudited]
    public DateTime LastSeenAt { get; private set; }

    [NotAudited]
    public DateTime IdleExpiresAt { get; private set; }

    public DateTime AbsoluteExpiresAt { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    /// <summary>When it was signed out or revoked.</summary>
    public DateTime? EndedAt { get; private set; }

    /// <summary>Live: not ended, and past neither its idle nor its absolute expiry. The one definition, for queries and memory.</summary>
    public static readonly TimedRule<AdminSession> Live = new((s, now) => s.EndedAt == null && now < s.IdleExpiresAt && now < s.AbsoluteExpiresAt);

    public static AdminSession Start(Admin admin, string tokenHash, AdminSessionPolicy policy, string? ipAddress, string? userAgent, DateTime now) =>
        new(admin.AccountId, admin.Id, tokenHash, now)
        {
            IdleExpiresAt = Earliest(now + policy.IdleTimeout, now + policy.AbsoluteLifetime),
            AbsoluteExpiresAt = now + policy.AbsoluteLifetime,
            IpAddress = Truncate(ipAddress, MaxIpAddressLength),
            UserAgent = Truncate(userAgent, MaxUserAgentLength),
        };

    public bool IsActive(DateTime now) => Live.IsSatisfiedBy(this, now);

    /// <summary>Records activity, sliding the idle expiry up to the absolute one; false when nothing needed writing.</summary>
    public bool Touch(AdminSessionPolicy policy, DateTime now)
    {
        if (now - LastSeenAt < TouchInterval)
        {
            return false;
        }

        LastSeenAt = now;
        IdleExpiresAt = Earliest(now + policy.IdleTimeout, AbsoluteExpiresAt);
        return true;
    }

    /// <summary>The admin signed out in this browser.</summary>
    public void SignOut(DateTime now) => End(now, new AdminSessionEnded("admin.signed_out"));

    /// <summary>The admin ended this session from the list of their sessions (perhaps another browser's).</summary>
    public void Revoke(DateTime now) => End(now, new AdminSessionEnded("admin.session_revoked"));

    private void End(DateTime now, AdminSessionEnded ended)
    {
        if (EndedAt is not null)
        {
            return;
        }

        EndedAt = now;
        Raise(ended);
    }

    private static DateTime Earliest(DateTime a, DateTime b) => a < b ? a : b;

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}

/// <summary>How long a dashboard session lasts: idle (sliding) and absolute.</summary>
public sealed record AdminSessionPolicy(TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime)
{
    public static readonly AdminSessionPolicy Default = new(TimeSpan.FromHours(1), TimeSpan.FromHours(12));
}

public sealed record AdminSessionEnded(string Action) : IDomainEvent;
