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
/// Since migration 20261204120000 a refresh token is spent by the successor naming it; migrating down
/// past it must mark those tokens spent the way the code before it reads them (<c>rotated_at</c>), or a
/// downgrade would make every token rotated since usable again. Down and up again on both providers.
/// </summary>
public sealed class RefreshTokenSuccessorMigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrating_down_marks_every_token_a_successor_spent_as_rotated(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var now = new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
        var account = Account.Create("acme", "Acme", now);
        var environment = account.AddEnvironment("test", now);
        var scope = new EnvironmentContext();
        scope.Enter(account.Id, environment.Id);
        var user = User.Create(environment.Id, new UserProfile("ada@example.com", null, "Ada", null), null, now);
        var session = Session.Start(environment.Id, user.Id, "cookie-hash", SessionPolicy.Default, new SessionClient(null, null), ["pwd"], now);
        var grant = Grant.Start(environment.Id, "app", user.Id, session.Id, "openid offline_access", now.AddDays(14), now);
        var spent = RefreshToken.Issue(environment.Id, "spent", grant, 3600 * 24 * 30, now);
        var successor = spent.Rotate("successor", grant, 3600 * 24 * 30, now.AddMinutes(5));
        await using var context = Contexts.Paylent(database, scope);
        await context.Database.MigrateAsync();
        context.AddRange(account, environment, user, session, grant);
        context.RefreshTokens.AddRange(spent, successor);
        await context.SaveChangesAsync();

        await context.GetService<IMigrator>().MigrateAsync("20261204100000_RenewalInformation");

        var rotatedAt = await context.Database
            .SqlQueryRaw<DateTime?>("SELECT rotated_at AS \"Value\" FROM refresh_tokens ORDER BY created_at")
            .ToListAsync();
        Assert.Equal([now.AddMinutes(5), null], rotatedAt);

        await context.Database.MigrateAsync();
        context.ChangeTracker.Clear();
        var marks = await context.RefreshTokens.AsNoTracking().OrderBy(t => t.CreatedAt).Select(t => new { t.Id, Rotated = t.RotatedAt != null }).ToListAsync();
        Assert.Equal([(spent.Id, true), (successor.Id, false)], marks.Select(m => (m.Id, m.Rotated)));
    }
}
