using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// The refresh_token grant (RFC 6749 §6, RFC 9700 §4.14.2): rotated on every use, reuse revokes the
/// whole family, bound to its client, never wider than granted, and dead after its idle lifetime.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class RefreshTokenTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_family_down_to_its_newest_token_and_is_audited(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var (email, tokens) = await flow.TokensForNewUserAsync();
        var first = tokens.GetProperty("refresh_token").GetString()!;
        var second = await (await flow.RefreshAsync(first)).JsonAsync();
        var newest = await (await flow.RefreshAsync(second.GetProperty("refresh_token").GetString()!)).JsonAsync();
        var newestRefresh = newest.GetProperty("refresh_token").GetString()!;
        Assert.True(await flow.IsActiveAsync(newestRefresh));

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(first)));

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(newestRefresh)));
        Assert.False(await flow.IsActiveAsync(newestRefresh));
        Assert.False(await flow.IsActiveAsync(newest.GetProperty("access_token").GetString()!));
        var userId = (await app.WithServices(async s => await s.GetRequiredService<PaylentDbContext>().Users.IgnoreQueryFilters().SingleAsync(u => u.Email == email))).Id;
        var reuses = await app.WithServices(async services => await services.GetRequiredService<PaylentDbContext>().AuditEvents.IgnoreQueryFilters()
            .Where(e => e.Action == "oauth.refresh_token_reused").ToListAsync());
        Assert.Single(reuses, e => e.Targets.Any(t => t.Type == "user" && t.Id == userId.ToString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_marked_rotated_before_successors_named_what_they_replace_is_still_spent(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var (email, tokens) = await flow.TokensForNewUserAsync();
        var legacy = tokens.GetProperty("refresh_token").GetString()!;
        await app.WithServices(async services =>
        {
            // As migration 20261204120000 found tokens rotated before it: rotated_at set, no successor naming them.
            var db = services.GetRequiredService<PaylentDbContext>();
            var userId = (await db.Users.IgnoreQueryFilters().SingleAsync(u => u.Email == email)).Id;
            var grants = db.Grants.IgnoreQueryFilters().Where(g => g.UserId == userId).Select(g => g.Id);
            return await db.RefreshTokens.IgnoreQueryFilters().Where(t => grants.Contains(t.GrantId))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.RotatedAt, DateTime.UtcNow));
        });

        Assert.False(await flow.IsActiveAsync(legacy));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(legacy)));
        Assert.False(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refresh_token_presented_by_another_client_is_invalid_grant_and_stays_good(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var other = await CodeFlow.StartAsync(app);
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await other.RefreshAsync(refreshToken)));

        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refreshToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refresh_asking_for_more_than_was_granted_is_invalid_scope_and_spends_nothing(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider));
        var (_, tokens) = await flow.TokensForNewUserAsync(("scope", "openid email offline_access"));
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        Assert.Equal("invalid_scope", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken, "openid email profile")));
        Assert.Equal("invalid_scope", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken, "orders:read")));
        Assert.Equal("invalid_scope", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken, "paylent:manage")));

        var narrowed = await flow.RefreshAsync(refreshToken, "openid");
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        Assert.Equal("openid", (await narrowed.JsonAsync()).GetProperty("scope").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Introspection_calls_a_refresh_token_active_until_it_is_rotated(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider));
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        var active = await flow.Http.IntrospectAsync(refreshToken, flow.ClientId, flow.Client.ClientSecret!);
        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal("refresh_token", active.GetProperty("token_type").GetString());
        Assert.Equal(flow.ClientId, active.GetProperty("client_id").GetString());

        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refreshToken)).StatusCode);

        Assert.False(await flow.IsActiveAsync(refreshToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Revoking_a_refresh_token_revokes_its_family_with_the_access_tokens(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider));
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var refreshed = await (await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).JsonAsync();
        var refreshToken = refreshed.GetProperty("refresh_token").GetString()!;

        var revoked = await flow.Http.PostFormAsync("/oauth/revoke", [new("token", refreshToken), new("token_type_hint", "refresh_token")], (flow.ClientId, flow.Client.ClientSecret!));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.False(await flow.IsActiveAsync(refreshToken));
        Assert.False(await flow.IsActiveAsync(refreshed.GetProperty("access_token").GetString()!));
        Assert.False(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_simultaneous_refreshes_with_one_token_rotate_it_once_and_the_loser_counts_as_reuse(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider));
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        var issuedBefore = await IssuedTokens.CountAsync(flow.App, GrantTypes.RefreshToken);

        var responses = await Task.WhenAll(flow.RefreshAsync(refreshToken), flow.RefreshAsync(refreshToken));

        var won = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(Assert.Single(responses, r => r != won)));
        Assert.False(await flow.IsActiveAsync((await won.JsonAsync()).GetProperty("refresh_token").GetString()!));
        // The loser's first attempt signed before its save lost, then was refused: one token issued, one counted.
        Assert.Equal(issuedBefore + 1, await IssuedTokens.CountAsync(flow.App, GrantTypes.RefreshToken));
    }

    [Fact]
    public async Task A_refresh_token_dies_after_its_idle_lifetime_and_each_rotation_restarts_it()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null, clock);
        var flow = await CodeFlow.StartAsync(app, refreshTokenLifetime: 120);
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(100));
            var refreshed = await flow.RefreshAsync(refreshToken);
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            refreshToken = (await refreshed.JsonAsync()).GetProperty("refresh_token").GetString()!;
        }

        clock.Advance(TimeSpan.FromSeconds(121));
        Assert.False(await flow.IsActiveAsync(refreshToken));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken)));
    }

    [Fact]
    public async Task Refreshing_keeps_the_session_alive_until_its_absolute_end_and_an_idle_session_ends_the_family()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null, clock);
        var flow = await CodeFlow.StartAsync(app);
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        // Sessions idle out after a day and end after 14 days (the defaults); each refresh is a use of the session.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromDays(13); elapsed += TimeSpan.FromHours(20))
        {
            clock.Advance(TimeSpan.FromHours(20));
            var refreshed = await flow.RefreshAsync(refreshToken);
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            refreshToken = (await refreshed.JsonAsync()).GetProperty("refresh_token").GetString()!;
        }

        clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken)));

        var (_, idle) = await flow.TokensForNewUserAsync();
        clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(idle.GetProperty("refresh_token").GetString()!)));
    }
}
