using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Users;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Tests.Identity;

public sealed class EmailVerificationTests
{
    [Fact]
    public async Task Sign_up_sends_a_verification_link_that_verifies_the_email_once()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var started = await app.Send(
            new SignUp("grace@example.com", IdentityScenario.Password, "Grace", "Hopper", IdentityScenario.Client, IdentityScenario.BaseUrl), account.In("test"));
        Assert.False((await app.Send(new GetUser(started.UserId), account.In("test"))).EmailVerified);
        var token = await app.LastLinkToken("grace@example.com");

        var verified = await app.Send(new VerifyEmail(token), account.In("test"));

        Assert.True(verified.EmailVerified);
        Assert.Single(await app.AllAuditEvents(), e => e.Action == "user.email_verified");
        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new VerifyEmail(token), account.In("test")));
        Assert.Equal(EmailTokens.InvalidToken, error.Code);
    }

    [Fact]
    public async Task A_link_sent_before_an_email_change_verifies_nothing()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;
        await app.Send(new SendEmailVerification(scenario.User.Id, IdentityScenario.BaseUrl), scenario.Test);
        var token = await app.LastLinkToken(IdentityScenario.Email);

        await app.Send(new UpdateUser(scenario.User.Id, UserChanges.All(new UserProfile("ada@elsewhere.example", null, "Ada", null), UserStatus.Active), IdentityScenario.BaseUrl), scenario.Test);
        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new VerifyEmail(token), scenario.Test));

        Assert.Equal(EmailTokens.InvalidToken, error.Code);
        Assert.False((await app.Send(new GetUser(scenario.User.Id), scenario.Test)).EmailVerified);
    }

    [Fact]
    public async Task A_changed_email_is_sent_its_own_verification_link_which_verifies_it()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;

        await app.Send(new UpdateUser(scenario.User.Id, UserChanges.All(new UserProfile("ada@elsewhere.example", null, "Ada", null), UserStatus.Active), IdentityScenario.BaseUrl), scenario.Test);
        var verified = await app.Send(new VerifyEmail(await app.LastLinkToken("ada@elsewhere.example")), scenario.Test);

        Assert.Equal("ada@elsewhere.example", verified.Email);
        Assert.True(verified.EmailVerified);
    }

    [Fact]
    public async Task A_token_from_another_environment_is_unknown_here()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;
        await app.Send(new SendEmailVerification(scenario.User.Id, IdentityScenario.BaseUrl), scenario.Test);
        var token = await app.LastLinkToken(IdentityScenario.Email);

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new VerifyEmail(token), scenario.Account.In("production")));

        Assert.Equal(EmailTokens.InvalidToken, error.Code);
    }

    [Fact]
    public async Task A_malformed_token_is_a_validation_error()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;

        await Assert.ThrowsAsync<Paylent.Application.Common.RequestValidationException>(() => app.Send(new VerifyEmail("not a token!"), scenario.Test));
    }
}
