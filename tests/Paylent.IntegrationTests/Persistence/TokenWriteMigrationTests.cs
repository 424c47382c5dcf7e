using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Domain.Tenancy;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>
/// The migrations that made the token endpoint write rows only, down and up again on both providers.
/// Codes redeemed before 20261204130000 marked themselves (<c>grant_id</c>, <c>redeemed_at</c>); after it, the
/// grant they started names them, so a late replay still finds what to revoke. Since 20261204120000 a refresh
/// token is spent by the successor naming it; migrating down past it marks those tokens spent the way the code
/// before it reads them (<c>rotated_at</c>), or a downgrade would make every token rotated since usable again.
/// Since 20261204150000 codes are sealed and stored nowhere: the table goes, the grants keep naming theirs.
/// </summary>
public sealed class TokenWriteMigrationTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_code_redeemed_before_is_named_by_its_grant_one_never_redeemed_by_none_and_the_grant_outlives_the_codes_table(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (account, environment, scope, user, session) = Owners(Now);
        var (redeemed, unused, grantId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var context = Contexts.Paylent(database, scope))
        {
            await context.Database.MigrateAsync();
            context.AddRange(account, environment, user, session);
            await context.SaveChangesAsync();
            await context.GetService<IMigrator>().MigrateAsync("20261204120000_RefreshTokenSuccessor");

            // As an authorization request and a redemption wrote them before: the codes, the grant, and the code marked with it.
            object Id(Guid id) => RawRows.Id(provider, id);
            foreach (var (id, hash) in new[] { (redeemed, "redeemed"), (unused, "unused") })
            {
                await context.Database.ExecuteSqlAsync($"""
                    INSERT INTO authorization_codes (id, environment_id, code_hash, client_id, user_id, session_id, redirect_uri, scope, code_challenge, created_at, expires_at, version)
                    VALUES ({Id(id)}, {Id(environment.Id)}, {hash}, 'app', {Id(user.Id)}, {Id(session.Id)}, 'https://app.example/cb', 'openid', 'challenge', {Now}, {Now.AddMinutes(1)}, {Id(Guid.NewGuid())})
                    """);
            }

            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO grants (id, environment_id, client_id, user_id, session_id, scope, created_at, expires_at)
                VALUES ({Id(grantId)}, {Id(environment.Id)}, 'app', {Id(user.Id)}, {Id(session.Id)}, 'openid', {Now}, {Now.AddDays(14)})
                """);
            await context.Database.ExecuteSqlAsync($"UPDATE authorization_codes SET grant_id = {Id(grantId)}, redeemed_at = {Now} WHERE code_hash = 'redeemed'");

            await context.GetService<IMigrator>().MigrateAsync("20261204140000_OneDefaultRole");
            Assert.Equal([2], await context.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM authorization_codes").ToListAsync());

            // Codes are sealed since: the table goes, and the grant still names its code.
            await context.Database.MigrateAsync();
        }

        await using var check = Contexts.Paylent(database, scope);
        var grant = await check.Grants.AsNoTracking().SingleAsync();
        Assert.Equal((grantId, (Guid?)redeemed), (grant.Id, grant.AuthorizationCodeId));
        Assert.False(await check.Grants.AnyAsync(g => g.AuthorizationCodeId == unused));
        await Assert.ThrowsAnyAsync<Exception>(() => check.Database.ExecuteSqlRawAsync("SELECT COUNT(*) FROM authorization_codes"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrating_down_marks_every_token_a_successor_spent_as_rotated(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (account, environment, scope, user, session) = Owners(Now);
        var grant = Grant.Start(environment.Id, "app", user.Id, session.Id, "openid offline_access", Now.AddDays(14), Now);
        var spent = RefreshToken.Issue(environment.Id, "spent", grant, 3600 * 24 * 30, Now);
        var successor = spent.Rotate("successor", grant, 3600 * 24 * 30, Now.AddMinutes(5));
        await using var context = Contexts.Paylent(database, scope);
        await context.Database.MigrateAsync();
        context.AddRange(account, environment, user, session, grant);
        context.RefreshTokens.AddRange(spent, successor);
        await context.SaveChangesAsync();

        await context.GetService<IMigrator>().MigrateAsync("20261204100000_RenewalInformation");

        var rotatedAt = await context.Database
            .SqlQueryRaw<DateTime?>("SELECT rotated_at AS \"Value\" FROM refresh_tokens ORDER BY created_at")
            .ToListAsync();
        Assert.Equal([Now.AddMinutes(5), null], rotatedAt);

        await context.Database.MigrateAsync();
        context.ChangeTracker.Clear();
        var marks = await context.RefreshTokens.AsNoTracking().OrderBy(t => t.CreatedAt).Select(t => new { t.Id, Rotated = t.RotatedAt != null }).ToListAsync();
        Assert.Equal([(spent.Id, true), (successor.Id, false)], marks.Select(m => (m.Id, m.Rotated)));
    }

    /// <summary>An account with its environment entered, a user and a session: what the tokens belong to.</summary>
    private static (Account Account, PaylentEnvironment Environment, EnvironmentContext Scope, User User, Session Session) Owners(DateTime now)
    {
        var account = Account.Create("acme", "Acme", now);
        var environment = account.AddEnvironment("test", now);
        var scope = new EnvironmentContext();
        scope.Enter(account.Id, environment.Id);
        var user = User.Create(environment.Id, new UserProfile("ada@example.com", null, "Ada", null), null, now);
        return (account, environment, scope, user, Session.Start(environment.Id, user.Id, "cookie-hash", SessionPolicy.Default, new SessionClient(null, null), ["pwd"], now));
    }
}
