using Paylent.Domain.Common;

namespace Paylent.Domain.Tenancy;

/// <summary>
/// A signed-in dashboard browser, kept server-side: the cookie holds a random token whose SHA-256 is
/// <see cref="TokenHash"/>. It ends at the first of its idle expiry, its absolute expiry, sign-out or
/// revocation, so a copy of the cookie dies with it.
/// </summary>
[Audited("admin_session")]
public sealed class AdminSession : BrowserSession, IAccountScoped
{
    private AdminSession(Guid accountId, Guid adminId, string tokenHash, DateTime createdAt)
        : base(tokenHash, createdAt)
    {
        AccountId = accountId;
        AdminId = adminId;
    }

    public Guid AccountId { get; private set; }

    public Guid AdminId { get; private set; }

    /// <summary>When it was signed out or revoked.</summary>
    public DateTime? EndedAt { get; private set; }

    /// <summary>Live: not ended, and past neither its idle nor its absolute expiry. The one definition, for queries and memory.</summary>
    public static readonly TimedRule<AdminSession> Live = new((s, now) => s.EndedAt == null && now < s.IdleExpiresAt && now < s.AbsoluteExpiresAt);

    public static AdminSession Start(Admin admin, string tokenHash, AdminSessionPolicy policy, string? ipAddress, string? userAgent, DateTime now)
    {
        var session = new AdminSession(admin.AccountId, admin.Id, tokenHash, now);
        session.Begin(policy, ipAddress, userAgent);
        return session;
    }

    public bool IsActive(DateTime now) => Live.IsSatisfiedBy(this, now);

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
}

/// <summary>How long a dashboard session lasts: idle (sliding) and absolute.</summary>
public sealed record AdminSessionPolicy(TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime) : SessionLifetime(IdleTimeout, AbsoluteLifetime)
{
    public static readonly AdminSessionPolicy Default = new(TimeSpan.FromHours(1), TimeSpan.FromHours(12));
}

public sealed record AdminSessionEnded(string Action) : IDomainEvent;
