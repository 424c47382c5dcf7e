using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.Common;
using Paylent.Domain.Email;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Domain.Tenancy;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

public sealed class DataPrunerTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_run_deletes_exactly_the_dead_rows_past_their_retention_in_every_environment(DatabaseProvider provider)
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(provider, null, clock);
        var rows = new Rows();
        foreach (var environment in Account.DefaultEnvironments)
        {
            var user = await app.CreateUserAsync(environment: environment);
            await app.InEnvironmentAsync(environment, services => SeedAsync(services, user.Id, clock.GetUtcNow().UtcDateTime, rows));
        }

        await SeedAdminSessionsAsync(app, clock.GetUtcNow().UtcDateTime, rows);
        await SeedOutboxAsync(app, clock.GetUtcNow().UtcDateTime, rows);

        var report = await PruneAsync(app);

        var remaining = await RemainingAsync(app);
        Assert.All(rows.Kept, id => Assert.Contains(id, remaining));
        Assert.All(rows.Pruned, id => Assert.DoesNotContain(id, remaining));
        Assert.True(report.Complete);
        Assert.Equal(rows.Pruned.Count, report.Total);
        Assert.Equal(2 * 3, report.Deleted["refresh_tokens"]);
        Assert.Equal(2 * 2, report.Deleted["grants"]);
        Assert.Equal(2 * 2, report.Deleted["sessions"]);
        Assert.Equal(1, report.Deleted["admin_sessions"]);
        Assert.Equal(2, report.Deleted["outbox_emails"]);

        // Nothing left to do: a second run deletes nothing.
        Assert.Equal(0, (await PruneAsync(app)).Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task More_dead_rows_than_a_batch_go_in_bounded_batches_and_a_run_stops_at_its_cap(DatabaseProvider provider)
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Paylent:Pruning:BatchSize"] = "10",
            ["Paylent:Pruning:MaxBatchesPerTable"] = "3",
        }, clock);
        var now = clock.GetUtcNow().UtcDateTime;
        await app.InEnvironmentAsync("test", async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var environmentId = services.GetRequiredService<Paylent.Application.Common.Persistence.EnvironmentContext>().RequiredEnvironmentId;
            db.RevokedAccessTokens.AddRange(Enumerable.Range(0, 45).Select(i => RevokedAccessToken.For(environmentId, $"jti-{i}", now.AddHours(-2))));
            db.RevokedAccessTokens.Add(RevokedAccessToken.For(environmentId, "still-valid", now.AddMinutes(5)));
            return await db.SaveChangesAsync();
        });

        // Three statements of at most ten rows each, then the run ends with the rest left for the next one.
        var first = await PruneAsync(app);
        Assert.Equal(30, first.Deleted["revoked_access_tokens"]);
        Assert.False(first.Complete);

        var second = await PruneAsync(app);
        Assert.Equal(15, second.Deleted["revoked_access_tokens"]);
        Assert.True(second.Complete);
        Assert.Equal(["still-valid"], await app.WithServices(services =>
            services.GetRequiredService<PaylentDbContext>().RevokedAccessTokens.IgnoreQueryFilters().Select(t => t.Jti).ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_late_code_replay_revokes_its_grant_while_the_grant_is_kept_and_is_only_invalid_once_it_is_pruned(DatabaseProvider provider)
    {
        var clock = new TestClock();

        // The session outlives the days crossed here, so only the replay ends the grant.
        await using var app = await PaylentApp.StartAsync(provider, new Dictionary<string, string?> { ["Paylent:Identity:SessionIdleTimeout"] = "7.00:00:00" }, clock);
        var flow = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);
        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        // Days past the code's expiry, but its grant lives on, and the sealed code still names it.
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, (await PruneAsync(app)).Deleted["grants"]);
        Assert.True(await flow.IsActiveAsync(refreshToken));

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
        Assert.False(await flow.IsActiveAsync(refreshToken));

        // Once the revoked grant's retention has passed, the grant and its refresh token go.
        clock.Advance(TimeSpan.FromDays(2));
        var report = await PruneAsync(app);
        Assert.Equal(1, report.Deleted["grants"]);
        Assert.Equal(1, report.Deleted["refresh_tokens"]);

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_grant_a_code_started_outlives_a_zero_retention_until_the_code_has_expired(DatabaseProvider provider)
    {
        // The grant is what marks its code used: pruned while the code is unexpired, it would let the code be redeemed again.
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(provider, new Dictionary<string, string?> { ["Paylent:Pruning:Grants"] = "00:00:00" }, clock);
        var flow = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);
        var refreshToken = (await (await flow.RedeemAsync(code)).JsonAsync()).GetProperty("refresh_token").GetString()!;
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
        Assert.False(await flow.IsActiveAsync(refreshToken));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, (await PruneAsync(app)).Deleted["grants"]);
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));

        // Past the code's lifetime, within the margin for instances' clocks: still kept; past both: pruned.
        clock.Advance(AuthorizationCode.Lifetime);
        Assert.Equal(0, (await PruneAsync(app)).Deleted["grants"]);
        clock.Advance(DataPruner.ClockMargin);
        Assert.Equal(1, (await PruneAsync(app)).Deleted["grants"]);
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
    }

    [Fact]
    public async Task Invalid_pruning_settings_stop_the_start()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:Pruning:BatchSize"] = "0" }));
        Assert.Contains(PruningOptions.Invalid, failure.ToString(), StringComparison.Ordinal);
    }

    private static Task<PruneReport> PruneAsync(PaylentApp app) =>
        app.WithServices(services => services.GetRequiredService<DataPruner>().PruneAsync(CancellationToken.None));

    /// <summary>In the entered environment: one of each kind of row, dead past its retention (pruned) or not (kept).</summary>
    private static async Task<int> SeedAsync(IServiceProvider services, Guid userId, DateTime now, Rows rows)
    {
        var db = services.GetRequiredService<PaylentDbContext>();
        var environmentId = services.GetRequiredService<Paylent.Application.Common.Persistence.EnvironmentContext>().RequiredEnvironmentId;
        var policy = SessionPolicy.Default; // idle 1 day, absolute 14 days
        Session StartSession(DateTime at) => Session.Start(environmentId, userId, Hash(), policy, new SessionClient(null, null), ["pwd"], at);

        var oldSession = rows.Prune(StartSession(now.AddDays(-30)));                // ended 29 days ago
        var recentlyEnded = rows.Keep(StartSession(now.AddDays(-3)));               // ended 2 days ago: within 7 days
        var revokedLongAgo = rows.Prune(StartSession(now.AddDays(-10)));
        revokedLongAgo.Revoke(now.AddDays(-10));
        var live = rows.Keep(StartSession(now));
        db.Sessions.AddRange(oldSession, recentlyEnded, revokedLongAgo, live);

        // A grant past its end, one revoked two days ago, one live: the dead ones go with their refresh tokens.
        // Three of them started by codes they name.
        AuthorizationCode Code(Session session, DateTime at) =>
            AuthorizationCode.Issue(environmentId, "client", userId, session.Id, "https://app.example/callback", "openid", "challenge", null, null, at);
        var (endedCode, revokedCode, liveCode) = (Code(oldSession, now.AddDays(-30)), Code(live, now.AddDays(-3)), Code(live, now.AddDays(-3)));
        var endedGrant = rows.Prune(endedCode.Redeem(oldSession.AbsoluteExpiresAt, now.AddDays(-30).AddSeconds(5)));
        var revokedGrant = rows.Prune(revokedCode.Redeem(now.AddDays(14), now.AddDays(-3).AddSeconds(5)));
        revokedGrant.Revoke(now.AddDays(-2));
        var liveGrant = rows.Keep(liveCode.Redeem(now.AddDays(14), now.AddDays(-3).AddSeconds(5)));
        var revokedYesterday = rows.Keep(Grant.Start(environmentId, "client", userId, live.Id, "openid", now.AddDays(14), now.AddDays(-3)));
        revokedYesterday.Revoke(now.AddHours(-12));
        db.Grants.AddRange(endedGrant, revokedGrant, liveGrant, revokedYesterday);

        var spent = rows.Prune(RefreshToken.Issue(environmentId, Hash(), endedGrant, 3600, now.AddDays(-30)));
        var rotatedLive = rows.Keep(RefreshToken.Issue(environmentId, Hash(), liveGrant, 3600, now.AddDays(-3)));
        db.RefreshTokens.AddRange(
            spent,
            rows.Prune(spent.Rotate(Hash(), endedGrant, 3600, now.AddDays(-30))),
            rows.Prune(RefreshToken.Issue(environmentId, Hash(), revokedGrant, 3600, now.AddDays(-3))),
            rotatedLive,
            rows.Keep(rotatedLive.Rotate(Hash(), liveGrant, 3600, now)),
            rows.Keep(RefreshToken.Issue(environmentId, Hash(), revokedYesterday, 3600, now.AddDays(-1))));

        db.OpaqueAccessTokens.AddRange(
            rows.Prune(OpaqueAccessToken.Issue(environmentId, Hash(), "client", "subject", "openid", [], now.AddHours(-3), now.AddHours(-2))),
            rows.Keep(OpaqueAccessToken.Issue(environmentId, Hash(), "client", "subject", "openid", [], now.AddHours(-1), now.AddMinutes(-30))),
            rows.Keep(OpaqueAccessToken.Issue(environmentId, Hash(), "client", "subject", "openid", [], now, now.AddHours(1))));
        db.RevokedAccessTokens.AddRange(
            rows.Prune(RevokedAccessToken.For(environmentId, Hash(), now.AddHours(-2))),
            rows.Keep(RevokedAccessToken.For(environmentId, Hash(), now.AddMinutes(-30))),
            rows.Keep(RevokedAccessToken.For(environmentId, Hash(), now.AddMinutes(30))));

        var user = await db.Users.SingleAsync(u => u.Id == userId);
        db.UserTokens.AddRange(
            rows.Prune(UserToken.Issue(user, UserTokenPurpose.PasswordReset, Hash(), now.AddDays(-3))),
            rows.Keep(UserToken.Issue(user, UserTokenPurpose.PasswordReset, Hash(), now.AddHours(-3))),
            rows.Keep(UserToken.Issue(user, UserTokenPurpose.EmailVerification, Hash(), now)));
        return await db.SaveChangesAsync();
    }

    private static Task<int> SeedAdminSessionsAsync(PaylentApp app, DateTime now, Rows rows) =>
        app.WithServices(async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var admin = await db.Admins.SingleAsync();
            var policy = AdminSessionPolicy.Default; // idle 1 hour, absolute 12 hours
            var signedOutYesterday = rows.Keep(AdminSession.Start(admin, Hash(), policy, null, null, now.AddDays(-1)));
            signedOutYesterday.SignOut(now.AddDays(-1));
            db.AdminSessions.AddRange(
                rows.Prune(AdminSession.Start(admin, Hash(), policy, null, null, now.AddDays(-8))),
                signedOutYesterday,
                rows.Keep(AdminSession.Start(admin, Hash(), policy, null, null, now)));
            return await db.SaveChangesAsync();
        });

    private static Task<int> SeedOutboxAsync(PaylentApp app, DateTime now, Rows rows) =>
        app.WithServices(async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            OutboxEmail Email(DateTime at, Action<OutboxEmail> outcome)
            {
                var email = OutboxEmail.Enqueue(null, "ada@example.com", _ => "sealed", at);
                outcome(email);
                return email;
            }

            db.OutboxEmails.AddRange(
                rows.Prune(Email(now.AddDays(-8), e => e.MarkSent(now.AddDays(-8)))),
                rows.Keep(Email(now.AddDays(-1), e => e.MarkSent(now.AddDays(-1)))),
                rows.Prune(Email(now.AddDays(-31), e => e.MarkFailed("permanent: gone", null, now.AddDays(-31)))),
                rows.Keep(Email(now.AddDays(-8), e => e.MarkFailed("permanent: gone", null, now.AddDays(-8)))),
                rows.Keep(Email(now.AddDays(-40), e => e.MarkFailed("retrying", TimeSpan.FromMinutes(1), now.AddDays(-40)))),
                rows.Keep(Email(now, _ => { })));
            return await db.SaveChangesAsync();
        });

    private static Task<HashSet<Guid>> RemainingAsync(PaylentApp app) =>
        app.WithServices(async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var ids = new HashSet<Guid>();
            async Task Add<T>(DbSet<T> set)
                where T : Entity => ids.UnionWith(await set.IgnoreQueryFilters().Select(e => e.Id).ToListAsync());
            await Add(db.Sessions);
            await Add(db.Grants);
            await Add(db.RefreshTokens);
            await Add(db.OpaqueAccessTokens);
            await Add(db.RevokedAccessTokens);
            await Add(db.UserTokens);
            await Add(db.AdminSessions);
            await Add(db.OutboxEmails);
            return ids;
        });

    private static string Hash() => Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray());

    private sealed class Rows
    {
        public List<Guid> Kept { get; } = [];

        public List<Guid> Pruned { get; } = [];

        public T Keep<T>(T row)
            where T : Entity
        {
            Kept.Add(row.Id);
            return row;
        }

        public T Prune<T>(T row)
            where T : Entity
        {
            Pruned.Add(row.Id);
            return row;
        }
    }
}
