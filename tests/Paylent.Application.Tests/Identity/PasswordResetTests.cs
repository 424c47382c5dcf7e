using Microsoft.EntityFrameworkCore;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Tests.Identity;

public sealed class PasswordResetTests
{
    private const string NewPassword = "another long passphrase";

    [Fact]
    public async Task Known_and_unknown_emails_get_the_same_answer_but_only_a_known_one_gets_an_email()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;

        var unknown = await app.Send(new RequestPasswordReset("nobody@example.com", IdentityScenario.BaseUrl), scenario.Test);
        Assert.Empty(await app.QueuedEmails());
        var known = await app.Send(new RequestPasswordReset("ADA@example.com", IdentityScenario.BaseUrl), scenario.Test);

        Assert.Equal(unknown, known);
        var email = Assert.Single(await app.QueuedEmails());
        Assert.Equal(IdentityScenario.Email, email.To);
        Assert.Contains($"{IdentityScenario.BaseUrl}/reset-password?token=", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{IdentityScenario.BaseUrl}/reset-password?token=", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_link_works_once()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;
        await app.Send(new RequestPasswordReset(IdentityScenario.Email, IdentityScenario.BaseUrl), scenario.Test);
        var token = await app.LastLinkToken(IdentityScenario.Email);

        await app.Send(new ResetPassword(token, NewPassword), scenario.Test);
        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new ResetPassword(token, "yet another passphrase"), scenario.Test));

        Assert.Equal(EmailTokens.InvalidToken, error.Code);
        Assert.True((await scenario.SignIn(NewPassword)).Succeeded);
        Assert.False((await scenario.SignIn(IdentityScenario.Password)).Succeeded);
    }

    [Fact]
    public async Task A_link_sent_before_the_user_was_disabled_does_not_change_the_password()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;
        await app.Send(new RequestPasswordReset(IdentityScenario.Email, IdentityScenario.BaseUrl), scenario.Test);
        var token = await app.LastLinkToken(IdentityScenario.Email);
        await app.Send(new UpdateUser(scenario.User.Id, UserChanges.All(new UserProfile(IdentityScenario.Email, null, "Ada", null), UserStatus.Disabled), IdentityScenario.BaseUrl), scenario.Test);

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new ResetPassword(token, NewPassword), scenario.Test));

        Assert.Equal(EmailTokens.InvalidToken, error.Code);
        Assert.Equal(SignInFailure.Disabled, (await scenario.SignIn(IdentityScenario.Password)).Failure);
    }

    [Fact]
    public async Task A_reset_link_expires_after_an_hour()
    {
        var clock = new TestClock();
        var scenario = await IdentityScenario.StartAsync(clock);
        await using var app = scenario.App;
        await app.Send(new RequestPasswordReset(IdentityScenario.Email, IdentityScenario.BaseUrl), scenario.Test);
        var token = await app.LastLinkToken(IdentityScenario.Email);

        clock.Advance(TimeSpan.FromHours(1));
        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new ResetPassword(token, NewPassword), scenario.Test));

        Assert.Equal(EmailTokens.InvalidToken, error.Code);
        Assert.True((await scenario.SignIn()).Succeeded);
    }

    [Fact]
    public async Task A_reset_ends_every_session_and_unlocks_the_user()
    {
        var clock = new TestClock();
        var scenario = await IdentityScenario.StartAsync(clock, new Dictionary<string, string?> { ["Paylent:Identity:LockoutThreshold"] = "2" });
        await using var app = scenario.App;
        var first = (await scenario.SignIn()).Session!;
        var second = (await scenario.SignIn()).Session!;
        await scenario.SignIn("not the passphrase");
        await scenario.SignIn("not the passphrase");
        await app.Send(new RequestPasswordReset(IdentityScenario.Email, IdentityScenario.BaseUrl), scenario.Test);

        var reset = await app.Send(new ResetPassword(await app.LastLinkToken(IdentityScenario.Email), NewPassword), scenario.Test);

        Assert.True(reset.EmailVerified);
        Assert.Null(await app.Send(new AuthenticateSession(first.Token), scenario.Test));
        Assert.Null(await app.Send(new AuthenticateSession(second.Token), scenario.Test));
        Assert.Empty(await app.Send(new ListSessions(scenario.User.Id, ActiveOnly: true), scenario.Test));
        Assert.Equal(2, (await app.AllAuditEvents()).Count(e => e.Action == "session.revoked"));
        Assert.True((await scenario.SignIn(NewPassword)).Succeeded);
    }

    [Fact]
    public async Task Asking_again_within_a_minute_sends_no_second_email()
    {
        var clock = new TestClock();
        var scenario = await IdentityScenario.StartAsync(clock);
        await using var app = scenario.App;

        await app.Send(new RequestPasswordReset(IdentityScenario.Email, IdentityScenario.BaseUrl), scenario.Test);
        await app.Send(new RequestPasswordReset(IdentityScenario.Email, IdentityScenario.BaseUrl), scenario.Test);
        Assert.Single(await app.QueuedEmails());

        clock.Advance(TimeSpan.FromMinutes(2));
        await app.Send(new RequestPasswordReset(IdentityScenario.Email, IdentityScenario.BaseUrl), scenario.Test);
        Assert.Equal(2, (await app.QueuedEmails()).Count);
        Assert.Equal(2, await app.Read(db => db.UserTokens.IgnoreQueryFilters().CountAsync()));
    }
}
