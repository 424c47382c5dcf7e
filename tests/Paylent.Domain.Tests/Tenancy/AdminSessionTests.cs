using Paylent.Domain.Tenancy;

namespace Paylent.Domain.Tests.Tenancy;

public sealed class AdminSessionTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);
    private static readonly AdminSessionPolicy Policy = new(TimeSpan.FromHours(1), TimeSpan.FromHours(3));

    private static AdminSession Start(string? userAgent = "test") =>
        AdminSession.Start(Admin.Create(Account.Create("acme", "Acme", Now), "ada@example.com", "hash", Now), "token-hash", Policy, "127.0.0.1", userAgent, Now);

    [Fact]
    public void A_new_session_ends_when_idle_for_the_idle_timeout()
    {
        var session = Start();

        Assert.Equal(Now.AddHours(1), session.IdleExpiresAt);
        Assert.Equal(Now.AddHours(3), session.AbsoluteExpiresAt);
        Assert.True(session.IsActive(Now.AddMinutes(59)));
        Assert.False(session.IsActive(Now.AddHours(1)));
    }

    [Fact]
    public void Use_slides_the_idle_expiry_but_never_past_the_absolute_lifetime()
    {
        var session = Start();

        Assert.True(session.Touch(Policy, Now.AddMinutes(50)));
        Assert.Equal(Now.AddMinutes(110), session.IdleExpiresAt);
        Assert.True(session.Touch(Policy, Now.AddMinutes(100)));
        Assert.True(session.Touch(Policy, Now.AddMinutes(150)));
        Assert.Equal(Now.AddHours(3), session.IdleExpiresAt);
        Assert.True(session.IsActive(Now.AddMinutes(179)));
        Assert.False(session.IsActive(Now.AddHours(3)));
    }

    [Fact]
    public void Use_within_a_minute_of_the_last_recorded_use_writes_nothing()
    {
        var session = Start();

        Assert.False(session.Touch(Policy, Now.AddSeconds(30)));
        Assert.Equal(Now, session.LastSeenAt);
    }

    [Fact]
    public void Sign_out_and_revocation_end_the_session_once_each_named_in_the_audit_trail()
    {
        var signedOut = Start();
        signedOut.SignOut(Now.AddMinutes(1));
        signedOut.Revoke(Now.AddMinutes(2));
        var revoked = Start();
        revoked.Revoke(Now.AddMinutes(1));

        Assert.False(signedOut.IsActive(Now.AddMinutes(1)));
        Assert.Equal(Now.AddMinutes(1), signedOut.EndedAt);
        Assert.Equal("admin.signed_out", Assert.Single(signedOut.DomainEvents).Action);
        Assert.Equal("admin.session_revoked", Assert.Single(revoked.DomainEvents).Action);
    }

    [Fact]
    public void A_long_user_agent_is_cut_to_the_column_and_an_empty_one_is_not_kept()
    {
        Assert.Equal(AdminSession.MaxUserAgentLength, Start(new string('a', 5000)).UserAgent!.Length);
        Assert.Null(Start(string.Empty).UserAgent);
    }
}
