using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

public sealed class BootstrapTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task First_start_bootstraps_and_a_restart_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string firstHash;
        await using (var first = PaylentApp.Start(database))
        {
            firstHash = await first.WithServices(sp => Snapshot(sp));
        }

        // The restart is configured with another password and slug: neither may take effect.
        await using var second = PaylentApp.Start(database, new Dictionary<string, string?>
        {
            ["Paylent:Bootstrap:AdminPassword"] = "a different password",
            ["Paylent:Bootstrap:AccountSlug"] = "other",
        });

        Assert.Equal(firstHash, await second.WithServices(sp => Snapshot(sp)));
        var accounts = await second.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().Accounts.Select(a => a.Slug).ToListAsync());
        Assert.Equal(["demo"], accounts);
    }

    [Fact]
    public async Task Without_a_configured_management_secret_test_and_production_get_different_ones()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = PaylentApp.Start(database, new Dictionary<string, string?> { ["Paylent:Bootstrap:ManagementClientSecret"] = null });

        var hashes = await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().OAuthClients.IgnoreQueryFilters()
            .Where(c => c.ClientId == OAuthClient.ManagementClientId).Select(c => c.SecretHash).ToListAsync());

        Assert.Equal(2, hashes.Count);
        Assert.Equal(2, hashes.Distinct().Count());
    }

    private static async Task<string> Snapshot(IServiceProvider services)
    {
        var db = services.GetRequiredService<PaylentDbContext>();
        var environments = await db.Environments.OrderBy(e => e.Slug).Select(e => e.Id + ":" + e.Slug).ToListAsync();
        var admins = await db.Admins.Select(a => a.Id + ":" + a.Email + ":" + a.PasswordHash).ToListAsync();
        Assert.Equal(2, environments.Count);
        Assert.Single(admins);
        return string.Join("|", environments.Concat(admins));
    }
}
