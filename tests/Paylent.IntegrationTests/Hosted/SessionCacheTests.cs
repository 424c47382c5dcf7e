using System.Net;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>
/// A browser's session read recently is held in memory: its next authorization request costs no query.
/// Whatever ends the session, or changes what it holds of the user, reaches the next request at once on
/// the instance that made the change, and every other instance through the change signal; a held session
/// past its idle expiry is read again, never trusted.
/// </summary>
public sealed class SessionCacheTests
{
    // An hour's refresh interval: only the change signal, never the entry's expiry, can make a change seen in time.
    private static readonly Dictionary<string, string?> Hour = new() { ["Paylent:OAuthCache:RefreshSeconds"] = "3600" };

    // A notice crosses instances within milliseconds; seconds allow for a loaded machine, far short of the hour.
    private static readonly TimeSpan Signalled = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_authorization_request_in_a_session_read_recently_costs_no_query(DatabaseProvider provider)
    {
        var commands = new EndpointCommands("/oauth/authorize");
        await using var app = await PaylentApp.StartAsync(provider, Hour, commands.RecordIn);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        await flow.SignInForCodeAsync(user.Email);

        var (queries, location) = await commands.OfAsync(async () => (await flow.Http.GetAsync(flow.AuthorizeUrl())).Headers.Location!.OriginalString);

        Assert.StartsWith($"{CodeFlow.RedirectUri}?code=", location, StringComparison.Ordinal);
        Assert.Empty(queries);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_session_and_a_disabled_user_stop_the_next_authorization_request_at_once(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider, Hour);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        await flow.SignInForCodeAsync(user.Email);
        Assert.StartsWith(CodeFlow.RedirectUri, await AuthorizeAsync(flow.Http, flow), StringComparison.Ordinal);

        var session = Assert.Single(await app.SendAsync("test", new ListSessions(user.Id, ActiveOnly: true)));
        await app.SendAsync("test", new RevokeSession(session.Id));

        Assert.StartsWith("/sign-in?", await AuthorizeAsync(flow.Http, flow), StringComparison.Ordinal);

        await flow.SignInForCodeAsync(user.Email);
        Assert.StartsWith(CodeFlow.RedirectUri, await AuthorizeAsync(flow.Http, flow), StringComparison.Ordinal);
        await app.SendAsync("test", new UpdateUser(user.Id, UserChanges.All(new UserProfile(user.Email, null, "Ada", "Lovelace"), UserStatus.Disabled), "http://demo-test.localhost"));

        Assert.StartsWith("/sign-in?", await AuthorizeAsync(flow.Http, flow), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_password_set_by_an_admin_ends_every_session_held_at_once(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider, Hour);
        var user = await app.CreateUserAsync();
        var laptop = HostedClient.For(app);
        var phone = HostedClient.For(app);
        await laptop.SignInAsync(user.Email);
        await phone.SignInAsync(user.Email);
        Assert.Equal(HttpStatusCode.OK, (await laptop.AccountAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.AccountAsync()).StatusCode);

        await app.SendAsync("test", new SetUserPassword(user.Id, "a brand new passphrase"));

        await laptop.AssertSignedOutAsync();
        await phone.AssertSignedOutAsync();
    }

    [Fact]
    public async Task A_changed_email_shows_at_once_on_the_pages_of_a_session_read_recently()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, Hour);
        var user = await app.CreateUserAsync();
        var browser = HostedClient.For(app);
        await browser.SignInAsync(user.Email);
        Assert.Contains(user.Email, (await browser.PageAsync("/sign-out")).QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        var renamed = Support.Identity.NewEmail("renamed");

        await app.SendAsync("test", new UpdateUser(user.Id, UserChanges.All(new UserProfile(renamed, null, "Ada", "Lovelace"), UserStatus.Active), "http://demo-test.localhost"));

        Assert.Contains(renamed, (await browser.PageAsync("/sign-out")).QuerySelector("main")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_held_past_its_idle_expiry_is_read_again_and_ends()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>(Hour)
        {
            ["Paylent:Identity:SessionIdleTimeout"] = "00:10:00",
        }, clock);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        await flow.SignInForCodeAsync(user.Email);
        Assert.StartsWith(CodeFlow.RedirectUri, await AuthorizeAsync(flow.Http, flow), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(11));

        Assert.StartsWith("/sign-in?", await AuthorizeAsync(flow.Http, flow), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_postgresql_a_sign_out_and_a_changed_email_reach_another_instance_through_the_change_signal()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = PaylentApp.Start(database, Hour);
        await using var second = PaylentApp.Start(database, Hour);
        await Domains.Tls.TlsProbe.UntilListeningAsync(database, 2);
        var flow = await CodeFlow.StartAsync(first);
        var user = await first.CreateUserAsync();
        var browser = HostedClient.For(first);
        var elsewhere = WithSessionOf(second, await browser.SignInAsync(user.Email));

        // The second instance holds the session now.
        Assert.StartsWith(CodeFlow.RedirectUri, await AuthorizeAsync(elsewhere, flow), StringComparison.Ordinal);
        Assert.Contains(user.Email, await SignOutPageAsync(elsewhere), StringComparison.Ordinal);

        var renamed = Support.Identity.NewEmail("renamed");
        await first.SendAsync("test", new UpdateUser(user.Id, UserChanges.All(new UserProfile(renamed, null, "Ada", "Lovelace"), UserStatus.Active), "http://demo-test.localhost"));
        await Eventually(async () => (await SignOutPageAsync(elsewhere)).Contains(renamed, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await browser.SignOutAsync()).StatusCode);
        await Eventually(async () => (await AuthorizeAsync(elsewhere, flow)).StartsWith("/sign-in?", StringComparison.Ordinal));
    }

    private static async Task<string> AuthorizeAsync(HttpClient http, CodeFlow flow) =>
        (await http.GetAsync(flow.AuthorizeUrl())).Headers.Location!.OriginalString;

    private static async Task<string> SignOutPageAsync(HttpClient http) => await (await http.GetAsync("/sign-out")).Content.ReadAsStringAsync();

    /// <summary>A client of <paramref name="app"/> presenting the session cookie a sign-in set, as a load balancer would send the same browser elsewhere.</summary>
    private static HttpClient WithSessionOf(PaylentApp app, HttpResponseMessage signIn)
    {
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("paylent_session=", StringComparison.Ordinal));
        var http = app.Client("demo-test.localhost");
        http.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        return http;
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Signalled;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {Signalled.TotalSeconds} seconds.");
            await Task.Delay(100);
        }
    }
}
