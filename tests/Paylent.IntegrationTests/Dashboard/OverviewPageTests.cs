using System.Net;
using Paylent.Application.Audit;
using Paylent.Application.Common.Activity;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.OAuth.Tokens;
using Paylent.Infrastructure.OAuth;
using Paylent.IntegrationTests.OAuth;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

/// <summary>
/// The environment overview and the list pages' empty states, each on an app of its own (the counts
/// are exact) whose clock the test moves, so hours and days pass without waiting.
/// </summary>
public sealed class OverviewPageTests
{
    private static readonly string[] SignIns = ["user.signed_in", "user.sign_in_failed"];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Overview_counts_users_clients_live_sessions_and_sign_ins_per_hour_and_day(DatabaseProvider provider)
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(provider, settings: null, clock);
        var ada = await app.CreateUserAsync();
        var grace = await app.CreateUserAsync();
        await app.CreateUserAsync(environment: "production");
        await app.CreateClientAsync();
        await app.SignInAsync(ada.Email);
        var second = await app.SignInAsync(grace.Email);
        await app.SendAsync("test", new SignInWithPassword(grace.Email, "not the password", new SessionClient("203.0.113.7", "Integration browser")));
        await app.SendAsync("test", new RevokeSession(second.SessionId));

        Assert.Equal(2, await app.SendAsync("test", new CountUsers()));
        Assert.Equal(2, await app.SendAsync("test", new CountOAuthClients())); // and the management API's own
        Assert.Equal(1, await app.SendAsync("test", new CountLiveSessions()));
        Assert.Equal(0, await app.SendAsync("production", new CountLiveSessions()));

        var day = await app.SendAsync("test", new CountAuditActivity(SignIns, ActivityPeriod.Last24Hours));
        Assert.Equal(24, day.Buckets.Count);
        Assert.Equal(Hour(clock.GetUtcNow().UtcDateTime), day.Buckets[^1]);
        Assert.Equal([.. Enumerable.Repeat(0L, 23), 2L], day.Series[0].Counts);
        Assert.Equal([.. Enumerable.Repeat(0L, 23), 1L], day.Series[1].Counts);

        // Two hours later the sign-ins sit two buckets back; the next day they have left the hourly chart
        // and sit in yesterday's bar of the daily one.
        clock.Advance(TimeSpan.FromHours(2));
        day = await app.SendAsync("test", new CountAuditActivity(SignIns, ActivityPeriod.Last24Hours));
        Assert.Equal(2, day.Series[0].Counts[21]);
        Assert.Equal(2, day.Series[0].Counts.Sum());

        var signedInAt = clock.GetUtcNow().UtcDateTime.AddHours(-2);
        clock.Advance(TimeSpan.FromDays(1));
        day = await app.SendAsync("test", new CountAuditActivity(SignIns, ActivityPeriod.Last24Hours));
        var month = await app.SendAsync("test", new CountAuditActivity(SignIns, ActivityPeriod.Last30Days));
        Assert.All(day.Series, s => Assert.All(s.Counts, c => Assert.Equal(0, c)));
        Assert.Equal(30, month.Buckets.Count);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.Date, month.Buckets[^1]);
        Assert.Equal(2, month.Series[0].Counts[month.Buckets.ToList().IndexOf(signedInAt.Date)]);
        Assert.Equal(2, month.Series[0].Counts.Sum());
        Assert.Equal(1, month.Series[1].Counts.Sum());
        Assert.Equal(0, (await app.SendAsync("production", new CountAuditActivity(SignIns, ActivityPeriod.Last30Days))).Series[0].Counts.Sum());

        var page = await Html.ParseAsync(await (await DashboardClient.SignedInAsync(app)).Http.GetAsync("/environments/test"));
        Assert.Equal("2", page.QuerySelector("[data-testid=count-users]")?.TextContent);
        Assert.Equal("2", page.QuerySelector("[data-testid=count-clients]")?.TextContent);
        Assert.Equal("0", page.QuerySelector("[data-testid=count-sessions]")?.TextContent); // a day idle ended the live one
        Assert.Equal("Overview · test · Paylent", page.Title);
        Assert.Contains("user.signed_in", page.QuerySelector("[data-testid=recent-audit-events]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("http://demo-test.localhost/.well-known/openid-configuration", page.QuerySelector("[data-testid=discovery-link]")?.GetAttribute("href"));
        Assert.Equal("http://demo-test.localhost/sign-in", page.QuerySelector("[data-testid=sign-in-page-link]")?.GetAttribute("href"));
        Assert.Contains("\"data\":[0,0,", page.QuerySelector("[data-testid=chart-sign-ins-month] canvas")?.GetAttribute("data-chart"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_environment_shows_zero_counts_flat_charts_and_list_pages_with_a_next_step(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);

        var overview = await Html.ParseAsync(await dashboard.Http.GetAsync("/environments/test"));
        Assert.Equal("0", overview.QuerySelector("[data-testid=count-users]")?.TextContent);
        Assert.Equal("0", overview.QuerySelector("[data-testid=count-sessions]")?.TextContent);
        Assert.Equal(4, overview.QuerySelectorAll("[data-testid=chart-empty]").Length);
        Assert.Contains("environment.created", overview.QuerySelector("[data-testid=recent-audit-events]")?.TextContent, StringComparison.Ordinal);

        var users = await Html.ParseAsync(await dashboard.Http.GetAsync("/environments/test/users"));
        Assert.Equal("/environments/test/users/new", NextStep(users, "users-empty", "Create the first user"));
        var clients = await Html.ParseAsync(await dashboard.Http.GetAsync("/environments/test/oauth-clients"));
        Assert.Equal("/environments/test/oauth-clients/new", NextStep(clients, "clients-empty", "Create the first client"));
        var audit = await Html.ParseAsync(await dashboard.Http.GetAsync("/environments/test/audit-events?action=nothing.happened"));
        Assert.Equal("/environments/test/audit-events", NextStep(audit, "audit-empty", "Clear the filter", button: false));
        var user = await app.CreateUserAsync();
        var sessions = await Html.ParseAsync(await dashboard.Http.GetAsync($"/environments/test/users/{user.Id}/sessions"));
        Assert.Equal($"/environments/test/users/{user.Id}", NextStep(sessions, "sessions-empty", "Back to the user"));
        var search = await Html.ParseAsync(await dashboard.Http.GetAsync("/environments/test/users?search=nobody"));
        Assert.Equal("/environments/test/users", NextStep(search, "users-empty", "Show all users", button: false));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Access_tokens_issued_are_counted_per_grant_type_hour_and_day_and_flushes_add_up(DatabaseProvider provider)
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(provider, settings: null, clock);
        var flusher = app.Services.GetRequiredService<TokenIssuanceFlusher>();
        var test = await app.CreateClientAsync();
        var production = await app.CreateClientAsync("production");
        async Task IssueAsync(string host, OAuthClientWithSecret client, int times)
        {
            for (var i = 0; i < times; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await app.Client(host).ClientCredentialsAsync(client.Client.ClientId, client.ClientSecret!)).StatusCode);
            }
        }

        await IssueAsync("demo-test.localhost", test, 3);
        await IssueAsync("demo-production.localhost", production, 1);
        await flusher.FlushAsync(CancellationToken.None);
        await IssueAsync("demo-test.localhost", test, 2);
        await flusher.FlushAsync(CancellationToken.None);

        var day = await app.SendAsync("test", new CountTokenActivity(ActivityPeriod.Last24Hours));
        Assert.Equal(["authorization_code", "refresh_token", "client_credentials"], day.Series.Select(s => s.Name));
        Assert.Equal([.. Enumerable.Repeat(0L, 23), 5L], day.Series[2].Counts);
        Assert.Equal(0, day.Series[0].Counts.Sum() + day.Series[1].Counts.Sum());
        Assert.Equal(1, (await app.SendAsync("production", new CountTokenActivity(ActivityPeriod.Last24Hours))).Series[2].Counts.Sum());

        // The next hour's tokens get their own bucket; a day later all of them are yesterday's bar.
        clock.Advance(TimeSpan.FromHours(1));
        await IssueAsync("demo-test.localhost", test, 1);
        await flusher.FlushAsync(CancellationToken.None);
        day = await app.SendAsync("test", new CountTokenActivity(ActivityPeriod.Last24Hours));
        Assert.Equal([5L, 1L], day.Series[2].Counts.TakeLast(2));
        var issuedOn = clock.GetUtcNow().UtcDateTime.Date;
        clock.Advance(TimeSpan.FromDays(1));
        var month = await app.SendAsync("test", new CountTokenActivity(ActivityPeriod.Last30Days));
        Assert.Equal(6, month.Series[2].Counts.Sum());
        Assert.Equal(month.Series[2].Counts.Sum(), month.Series[2].Counts[month.Buckets.ToList().IndexOf(issuedOn)] + month.Series[2].Counts[month.Buckets.ToList().IndexOf(issuedOn.AddDays(-1))]);
        Assert.Equal(0, month.Series[2].Counts[^1]);

        var page = await Html.ParseAsync(await (await DashboardClient.SignedInAsync(app)).Http.GetAsync("/environments/test"));
        Assert.Contains("6 client credentials", page.QuerySelector("[data-testid=chart-tokens-month]")?.TextContent, StringComparison.Ordinal);

        // Past their 31 days the counts are pruned; later ones stay.
        clock.Advance(TimeSpan.FromDays(31));
        await IssueAsync("demo-test.localhost", test, 1);
        await flusher.FlushAsync(CancellationToken.None);
        var pruned = await app.WithServices(services => services.GetRequiredService<DataPruner>().PruneAsync(CancellationToken.None));
        Assert.Equal(3, pruned.Deleted["token_issuance_counts"]);
        Assert.Equal(1, (await app.SendAsync("test", new CountTokenActivity(ActivityPeriod.Last30Days))).Series[2].Counts.Sum());
    }

    [Fact]
    public async Task Every_dashboard_page_has_a_title_and_breadcrumbs_from_the_navigation()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var user = await app.CreateUserAsync();

        var sessions = await Html.ParseAsync(await dashboard.Http.GetAsync($"/environments/test/users/{user.Id}/sessions"));
        Assert.Equal($"Sessions of {user.Email} · test · Paylent", sessions.Title);
        Assert.Equal(["test", "Users & access", "Users", user.Email, "Sessions"], Crumbs(sessions));
        Assert.Equal("page", sessions.QuerySelector("[data-testid=sidebar] a[href='/environments/test/users']")?.GetAttribute("aria-current"));

        var keys = await Html.ParseAsync(await dashboard.Http.GetAsync("/environments/test/signing-keys"));
        Assert.Equal("Signing keys · test · Paylent", keys.Title);
        Assert.Equal(["test", "Applications", "Signing keys"], Crumbs(keys));

        var own = await Html.ParseAsync(await dashboard.Http.GetAsync("/sessions"));
        Assert.Equal("Your sessions · Paylent", own.Title);
        Assert.Equal(["Settings", "Your sessions"], Crumbs(own));

        // Every section's pages are linked once they exist (the last two to arrive: organizations and domains), and nothing links to a missing page.
        var sidebar = keys.QuerySelector("[data-testid=sidebar]")!;
        Assert.NotNull(sidebar.QuerySelector("a[href='/environments/test/organizations']"));
        Assert.NotNull(sidebar.QuerySelector("a[href='/environments/test/domains']"));
        foreach (var link in sidebar.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).Where(h => !h.StartsWith("/jobs", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.GetAsync(link)).StatusCode);
        }
    }

    private static DateTime Hour(DateTime time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, DateTimeKind.Utc);

    private static string? NextStep(AngleSharp.Html.Dom.IHtmlDocument page, string testId, string action, bool button = true)
    {
        var empty = page.QuerySelector($"[data-testid={testId}]");
        Assert.NotNull(empty);
        var link = Assert.Single(empty.QuerySelectorAll("a"));
        Assert.Equal(button ? "button" : null, link.GetAttribute("role"));
        Assert.Equal(action, link.TextContent);
        return link.GetAttribute("href");
    }

    private static List<string> Crumbs(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=breadcrumbs] li").Select(li => li.TextContent.Trim()).ToList();
}
