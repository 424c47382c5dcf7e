using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>
/// <see cref="PaylentDbContext"/> instances are pooled and reused across requests: each request's
/// environment must come with the request, never with the instance.
/// </summary>
public sealed class PooledContextTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_context_back_in_the_pool_keeps_no_environment_and_unbound_sees_nothing_and_saves_nothing(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var used = await app.InEnvironmentAsync("test", async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            Assert.Contains(OAuthClient.ManagementClientId, await db.OAuthClients.Select(c => c.ClientId).ToListAsync());
            return db;
        });

        Assert.Null(used.CurrentEnvironmentId);
        await using var unbound = app.Services.GetRequiredService<IDbContextFactory<PaylentDbContext>>().CreateDbContext();
        Assert.Empty(await unbound.OAuthClients.ToListAsync());
        Assert.Throws<InvalidOperationException>(() => unbound.SaveChanges());
        Assert.Empty(await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().OAuthClients.ToListAsync()));
    }

    [Fact]
    public async Task Requests_in_different_environments_each_see_only_their_own_through_reused_contexts()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var testClient = await app.CreateClientAsync("test");
        var productionClient = await app.CreateClientAsync("production");

        var seen = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var environment = i % 2 == 0 ? "test" : "production";
            return app.InEnvironmentAsync(environment, async services =>
                (environment, await services.GetRequiredService<PaylentDbContext>().OAuthClients.Select(c => c.ClientId).ToListAsync()));
        }));

        foreach (var (environment, clientIds) in seen)
        {
            var own = environment == "test" ? testClient : productionClient;
            var other = environment == "test" ? productionClient : testClient;
            Assert.Contains(own.Client.ClientId, clientIds);
            Assert.DoesNotContain(other.Client.ClientId, clientIds);
        }
    }

    /// <summary>
    /// A scope reaches the one context through several registrations (the context, each module's
    /// port), and disposes each: only one may return it to the pool, or a later return hands a context
    /// that another request rented meanwhile back to the pool under it (ObjectDisposedException there).
    /// </summary>
    [Fact]
    public async Task Concurrent_scopes_that_reach_the_context_through_several_ports_never_see_it_disposed()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);

        var counts = await Task.WhenAll(Enumerable.Range(0, 1500).Select(_ => Task.Run(() => app.InEnvironmentAsync("test", async services =>
        {
            var oauth = services.GetRequiredService<Paylent.Application.OAuth.IOAuthData>();
            var identity = services.GetRequiredService<Paylent.Application.Identity.IIdentityData>();
            Assert.Same(oauth, identity);
            Assert.Same(oauth, services.GetRequiredService<PaylentDbContext>());
            return await oauth.OAuthClients.CountAsync() + await identity.Users.CountAsync();
        }))));

        Assert.All(counts, count => Assert.True(count > 0));
    }
}
