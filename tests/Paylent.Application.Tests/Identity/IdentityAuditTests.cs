using Microsoft.EntityFrameworkCore;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Users;
using Paylent.Application.Tests.Support;

namespace Paylent.Application.Tests.Identity;

public sealed class IdentityAuditTests
{
    [Fact]
    public async Task The_audit_trail_of_the_whole_identity_flow_holds_no_password_hash_password_or_token()
    {
        var scenario = await IdentityScenario.StartAsync();
        await using var app = scenario.App;
        var session = (await scenario.SignIn()).Session!;
        await app.Send(new SetUserPassword(scenario.User.Id, "set by an admin 123"), scenario.Test);
        await app.Send(new RequestPasswordReset(IdentityScenario.Email, IdentityScenario.BaseUrl), scenario.Test);
        var resetToken = await app.LastLinkToken(IdentityScenario.Email);
        await app.Send(new ResetPassword(resetToken, "another long passphrase"), scenario.Test);
        var signUp = await app.Send(new SignUp("grace@example.com", "grace's own passphrase", null, null, IdentityScenario.Client, IdentityScenario.BaseUrl), scenario.Test);
        var verifyToken = await app.LastLinkToken("grace@example.com");
        await app.Send(new VerifyEmail(verifyToken), scenario.Test);

        var secrets = new List<string> { IdentityScenario.Password, "set by an admin 123", "another long passphrase", "grace's own passphrase", "$argon2id$" };
        secrets.AddRange([session.Token, signUp.Token, resetToken, verifyToken]);
        secrets.AddRange(await app.Read(db => db.Users.IgnoreQueryFilters().Select(u => u.PasswordHash!).ToListAsync()));
        secrets.AddRange(await app.Read(db => db.Sessions.IgnoreQueryFilters().Select(s => s.TokenHash).ToListAsync()));
        secrets.AddRange(await app.Read(db => db.UserTokens.IgnoreQueryFilters().Select(t => t.TokenHash).ToListAsync()));

        var events = await app.AllAuditEvents();
        Assert.Contains(events, e => e.Action == "user.password_changed");
        Assert.Contains(events, e => e.Action == "session.created");
        var trail = string.Join('\n', events.SelectMany(e => e.Changes.SelectMany(c => new[] { c.Key, c.Value.From?.ToString(), c.Value.To?.ToString() })
            .Concat(e.Metadata.Values).Concat(e.Targets.Select(t => t.Id))));
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, trail, StringComparison.Ordinal));
    }
}
