using Paylent.Domain.Identity;

namespace Paylent.Domain.Tests.Identity;

public sealed class SessionTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    private static readonly SessionPolicy Policy = new(TimeSpan.FromHours(1), TimeSpan.FromHours(3));

    private static Session Start(SessionClient? client = null) =>
        Session.Start(Guid.CreateVersion7(), Guid.CreateVersion7(), "hash", Policy, client ?? new SessionClient("127.0.0.1", "test"), ["pwd", "pwd"], Now);

    [Fact]
    public void A_new_session_expires_when_idle_and_records_its_methods_once()
    {
        var session = Start();

        Assert.Equal(Now.AddHours(1), session.IdleExpiresAt);
        Assert.Equal(Now.AddHours(3), session.AbsoluteExpiresAt);
        Assert.Equal(["pwd"], session.AuthenticationMethods);
        Assert.True(session.IsActive(Now.AddMinutes(59)));
        Assert.False(session.IsActive(Now.AddHours(1)));
    }

    [Fact]
    public void Touching_slides_the_idle_expiry_but_never_past_the_absolute_one()
    {
        var session = Start();

        Assert.True(session.Touch(Policy, Now.AddMinutes(50)));
        Assert.Equal(Now.AddMinutes(110), session.IdleExpiresAt);
        Assert.True(session.Touch(Policy, Now.AddMinutes(100)));
        Assert.True(session.Touch(Policy, Now.AddMinutes(150)));
        Assert.Equal(Now.AddHours(3), session.IdleExpiresAt);
        Assert.False(session.IsActive(Now.AddHours(3)));
    }

    [Fact]
    public void Touching_within_a_minute_of_the_last_touch_writes_nothing()
    {
        var session = Start();

        Assert.False(session.Touch(Policy, Now.AddSeconds(30)));
        Assert.Equal(Now, session.LastSeenAt);
        Assert.Equal(Now.AddHours(1), session.IdleExpiresAt);
    }

    [Fact]
    public void A_revoked_session_is_inactive_and_revoking_again_changes_nothing()
    {
        var session = Start();

        session.Revoke(Now.AddMinutes(1));
        session.Revoke(Now.AddMinutes(2));

        Assert.False(session.IsActive(Now.AddMinutes(1)));
        Assert.Equal(Now.AddMinutes(1), session.RevokedAt);
        Assert.Equal("session.revoked", Assert.Single(session.DomainEvents).Action);
    }

    [Fact]
    public void An_oversized_user_agent_is_truncated_and_empty_client_facts_are_null()
    {
        var session = Start(new SessionClient("", new string('a', 2000)));

        Assert.Null(session.IpAddress);
        Assert.Equal(Session.MaxUserAgentLength, session.UserAgent!.Length);
    }
}
