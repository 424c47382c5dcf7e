namespace Paylent.Domain.Common;

/// <summary>
/// A signed-in browser kept server-side (an end user's or a dashboard admin's): the cookie holds a
/// random token whose SHA-256 is <see cref="TokenHash"/>. It lasts until the first of its idle expiry,
/// which activity slides, and its absolute expiry, which nothing extends; each kind adds how it ends.
/// </summary>
public abstract class BrowserSession : AggregateRoot
{
    public const int MaxUserAgentLength = 512;
    public const int MaxIpAddressLength = 45;

    /// <summary>Last-seen is written at most this often, so active browsing does not write on every request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    protected BrowserSession(string tokenHash, DateTime createdAt)
    {
        TokenHash = tokenHash;
        CreatedAt = createdAt;
        LastSeenAt = createdAt;
    }

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

    /// <summary>Records activity, sliding the idle expiry up to the absolute one; false when nothing needed writing.</summary>
    public bool Touch(SessionLifetime lifetime, DateTime now)
    {
        if (IdleExpiryAfterActivity(LastSeenAt, AbsoluteExpiresAt, lifetime, now) is not { } idleExpiry)
        {
            return false;
        }

        LastSeenAt = now;
        IdleExpiresAt = idleExpiry;
        return true;
    }

    /// <summary>
    /// The idle expiry that activity at <paramref name="now"/> slides a session to (never past its absolute
    /// expiry); null when it was seen less than <see cref="TouchInterval"/> ago, and nothing needs writing.
    /// </summary>
    public static DateTime? IdleExpiryAfterActivity(DateTime lastSeenAt, DateTime absoluteExpiresAt, SessionLifetime lifetime, DateTime now) =>
        now - lastSeenAt < TouchInterval ? null : Earliest(now + lifetime.IdleTimeout, absoluteExpiresAt);

    /// <summary>Sets the expiries of a session starting now, and where it was started from (bounded).</summary>
    protected void Begin(SessionLifetime lifetime, string? ipAddress, string? userAgent)
    {
        AbsoluteExpiresAt = CreatedAt + lifetime.AbsoluteLifetime;
        IdleExpiresAt = Earliest(CreatedAt + lifetime.IdleTimeout, AbsoluteExpiresAt);
        IpAddress = Truncate(ipAddress, MaxIpAddressLength);
        UserAgent = Truncate(userAgent, MaxUserAgentLength);
    }

    private static DateTime Earliest(DateTime a, DateTime b) => a < b ? a : b;

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : BoundedText.Truncate(value, length);
}

/// <summary>How long a browser session lasts: idle (sliding) and absolute.</summary>
public abstract record SessionLifetime(TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime);
