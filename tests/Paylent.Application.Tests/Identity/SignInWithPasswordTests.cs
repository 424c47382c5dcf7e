using Microsoft.EntityFrameworkCore;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Tests.Identity;

public sealed class SignInWithPasswordTests
{
    private static readonly Dictionary<string, string?> QuickLockout = new()
    {
        ["Paylent:Identity:LockoutThreshold"] = "3",
        ["Paylent:Identity:FirstLockout"] = "00:05:00",
    };

    [Fact]
    public async Task Correct_credentials_start_a_password_session_and_audit_the_sign_in()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;

        var result = await scenario.SignIn(email: "ADA@example.com");

        Assert.True(result.Succeeded);
        var started = result.Session!;
        Assert.Equal(scenario.User.Id, started.UserId);
        var session = await app.Send(new GetSession(started.SessionId), scenario.Test);
        Assert.Equal(["pwd"], session.AuthenticationMethods);
        Assert.Equal("127.0.0.1", session.IpAddress);
        Assert.True(session.Active);
        var authenticated = await app.Send(new AuthenticateSession(started.Token), scenario.Test);
        Assert.Equal(started.SessionId, authenticated?.SessionId);
        var signedIn = (await app.AllAuditEvents()).Single(e => e.Action == "user.signed_in");
        Assert.Equal(AuditActor.User(scenario.User.Id), signedIn.Actor);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_give_the_same_answer()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;

        var wrongPassword = await scenario.SignIn(password: "not the passphrase");
        var unknownEmail = await scenario.SignIn(email: "nobody@example.com");

        Assert.Equal(wrongPassword, unknownEmail);
        Assert.Equal(new SignInResult(null, SignInFailure.InvalidCredentials), wrongPassword);
        Assert.Equal(0, await app.Read(db => db.Sessions.IgnoreQueryFilters().CountAsync()));

        // Both are written to the trail (the same work, and a record of the attempt): the unknown email with no target.
        var failures = (await app.AllAuditEvents()).Where(e => e.Action == "user.sign_in_failed").ToList();
        Assert.Equal(2, failures.Count);
        Assert.Single(failures, e => e.Targets.Count == 0);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_user_and_the_failures_are_audited_although_sign_in_failed()
    {
        var clock = new TestClock();
        var scenario = await IdentityScenario.StartAsync(clock, QuickLockout);
        await using var app = scenario.App;

        for (var i = 0; i < 3; i++)
        {
            Assert.False((await scenario.SignIn(password: "not the passphrase")).Succeeded);
        }

        var events = await app.AllAuditEvents();
        Assert.Equal(3, events.Count(e => e.Action == "user.sign_in_failed"));
        var locked = events.Single(e => e.Action == "user.locked");
        Assert.Equal(scenario.User.Id.ToString(), Assert.Single(locked.Targets).Id);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(5), await app.Read(db => db.Users.IgnoreQueryFilters().Select(u => u.LockedUntil).SingleAsync()));

        // Locked: even the right password is refused, with the same answer as a wrong one.
        Assert.Equal(new SignInResult(null, SignInFailure.InvalidCredentials), await scenario.SignIn());
        Assert.Equal(4, (await app.AllAuditEvents()).Count(e => e.Action == "user.sign_in_failed"));

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await scenario.SignIn()).Succeeded);
        Assert.Equal(0, await app.Read(db => db.Users.IgnoreQueryFilters().Select(u => u.FailedSignIns).SingleAsync()));
    }

    [Fact]
    public async Task A_disabled_user_with_the_right_password_is_told_so_and_gets_no_session()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;
        await app.Send(new UpdateUser(scenario.User.Id, UserChanges.All(new UserProfile(IdentityScenario.Email, null, "Ada", null), UserStatus.Disabled), IdentityScenario.BaseUrl), scenario.Test);

        var result = await scenario.SignIn();

        Assert.Equal(new SignInResult(null, SignInFailure.Disabled), result);
        Assert.Equal(0, await app.Read(db => db.Sessions.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task A_hash_with_outdated_parameters_is_upgraded_at_sign_in()
    {
        var database = Guid.NewGuid().ToString("N");
        await using var before = await ApplicationHarness.StartAsync(database: database);
        var account = await before.CreateAcmeAsync();
        await before.Send(new CreateUser(new UserProfile(IdentityScenario.Email, null, null, null), IdentityScenario.Password), account.In("test"));
        var oldHash = await before.Read(db => db.Users.IgnoreQueryFilters().Select(u => u.PasswordHash).SingleAsync());

        await using var after = await ApplicationHarness.StartAsync(new Dictionary<string, string?> { ["Paylent:PasswordHashing:MemoryKiB"] = "2048" }, database);
        Assert.True((await after.Send(new SignInWithPassword(IdentityScenario.Email, IdentityScenario.Password, IdentityScenario.Client), account.In("test"))).Succeeded);

        var newHash = await after.Read(db => db.Users.IgnoreQueryFilters().Select(u => u.PasswordHash).SingleAsync());
        Assert.Contains("$m=1024,t=1,p=1$", oldHash, StringComparison.Ordinal);
        Assert.Contains("$m=2048,t=1,p=1$", newHash, StringComparison.Ordinal);
        var signedIn = (await after.AllAuditEvents()).Single(e => e.Action == "user.signed_in");
        Assert.Equal(AuditChange.Redacted, signedIn.Changes["password_hash"].To?.ToString());
        Assert.True((await after.Send(new SignInWithPassword(IdentityScenario.Email, IdentityScenario.Password, IdentityScenario.Client), account.In("test"))).Succeeded);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;
        var started = (await scenario.SignIn()).Session!;

        Assert.True(await app.Send(new SignOut(started.Token), scenario.Test));

        Assert.Null(await app.Send(new AuthenticateSession(started.Token), scenario.Test));
        Assert.False((await app.Send(new GetSession(started.SessionId), scenario.Test)).Active);
    }
}
