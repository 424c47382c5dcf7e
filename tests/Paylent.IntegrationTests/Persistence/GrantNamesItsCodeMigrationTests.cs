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
/// Codes redeemed before migration 20261204130000 marked themselves (<c>grant_id</c>, <c>redeemed_at</c>); after it,
/// the grant they started names them, so a late replay still finds what to revoke. Down and up again on both providers.
/// </summary>
public sealed class GrantNamesItsCodeMigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_code_redeemed_before_is_named_by_its_grant_and_one_never_redeemed_by_none(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var now = new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
        var account = Account.Create("acme", "Acme", now);
        var environment = account.AddEnvironment("test", now);
        var scope = new EnvironmentContext();
        scope.Enter(account.Id, environment.Id);
        var user = User.Create(environment.Id, new UserProfile("ada@example.com", null, "Ada", null), null, now);
        var session = Session.Start(environment.Id, user.Id, "cookie-hash", SessionPolicy.Default, new SessionClient(null, null), ["pwd"], now);
        AuthorizationCode Code(string hash) =>
            AuthorizationCode.Issue(environment.Id, hash, "app", user.Id, session.Id, "https://app.example/cb", "openid", "challenge", null, null, now);
        var (redeemed, unused) = (Code("redeemed"), Code("unused"));
        var grantId = Guid.NewGuid();
        await using (var context = Contexts.Paylent(database, scope))
        {
            await context.Database.MigrateAsync();
            context.AddRange(account, environment, user, session);
            context.AuthorizationCodes.AddRange(redeemed, unused);
            await context.SaveChangesAsync();
            await context.GetService<IMigrator>().MigrateAsync("20261204120000_RefreshTokenSuccessor");

            // As a redemption wrote them before: the grant, and the code marked with it.
            object Id(Guid id) => provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO grants (id, environment_id, client_id, user_id, session_id, scope, created_at, expires_at)
                VALUES ({Id(grantId)}, {Id(environment.Id)}, 'app', {Id(user.Id)}, {Id(session.Id)}, 'openid', {now}, {now.AddDays(14)})
                """);
            await context.Database.ExecuteSqlAsync($"UPDATE authorization_codes SET grant_id = {Id(grantId)}, redeemed_at = {now} WHERE code_hash = 'redeemed'");

            await context.Database.MigrateAsync();
        }

        await using var check = Contexts.Paylent(database, scope);
        var grant = await check.Grants.AsNoTracking().SingleAsync();
        Assert.Equal((grantId, (Guid?)redeemed.Id), (grant.Id, grant.AuthorizationCodeId));
        Assert.False(await check.Grants.AnyAsync(g => g.AuthorizationCodeId == unused.Id));
        Assert.Equal(2, await check.AuthorizationCodes.CountAsync());
    }
}
