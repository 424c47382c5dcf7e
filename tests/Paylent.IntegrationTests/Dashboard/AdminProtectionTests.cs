using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

/// <summary>
/// Dashboard admins are as well protected as end users: the same lockout, every failure audited, and
/// server-side sessions that sign-out, revocation and their idle and absolute lifetimes end, so a
/// copied cookie stops working with them.
/// </summary>
public sealed class AdminProtectionTests
{
    private const string Incorrect = "The email or password is incorrect.";

    /// <summary>
    /// A burst on one admin through the real sign-in form: the attempt is counted before the password is
    /// checked, atomically, so exactly the threshold's worth of attempts reach the real hash and lock the
    /// admin; the rest are refused unchecked. Every attempt is audited and gets the same answer.
    /// </summary>
    [Fact]
    public async Task Twenty_simultaneous_admin_sign_ins_are_checked_only_up_to_the_threshold_and_all_counted()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Postgres, new Dictionary<string, string?>
        {
            ["Paylent:Identity:LockoutThreshold"] = "5",
            ["Paylent:Identity:FirstLockout"] = "00:10:00",
            ["Paylent:Identity:MaxLockout"] = "00:10:00",
            ["Paylent:RateLimits:DashboardSignInPerMinute"] = "1000",
        });
        var browsers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var browser = new DashboardClient(app.Dashboard());
            return (browser, token: await browser.AntiforgeryTokenAsync());
        }));

        var answers = await Task.WhenAll(browsers.Select(b => b.browser.SignInAsync(PaylentApp.AdminEmail, "wrong password", b.token)));

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal(Incorrect, Html.Errors(await Html.ParseAsync(answer)).Single());
        }

        var adminId = await AdminIdAsync(app);
        var events = await AdminEventsAsync(app, adminId);
        Assert.Equal(20, events.Count(e => e.Action == "admin.sign_in_failed"));
        Assert.Single(events, e => e.Action == "admin.locked");
        Assert.All(events, e => Assert.DoesNotContain(e.Metadata.Values, v => v.Contains("wrong password", StringComparison.Ordinal)));
        Assert.Equal(5, await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().Admins
            .Where(a => a.Id == adminId).Select(a => a.FailedSignIns).SingleAsync()));

        // Locked: even the right password gets the one answer, and no session.
        var locked = await new DashboardClient(app.Dashboard()).SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword);
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Equal(Incorrect, Html.Errors(await Html.ParseAsync(locked)).Single());
        Assert.Equal(21, (await AdminEventsAsync(app, adminId)).Count(e => e.Action == "admin.sign_in_failed"));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_admin_for_the_policy_window_audited_and_a_success_afterwards_resets_the_count()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:Identity:LockoutThreshold"] = "3",
            ["Paylent:Identity:FirstLockout"] = "00:01:00",
            ["Paylent:Identity:MaxLockout"] = "00:05:00",
        }, clock);
        var browser = new DashboardClient(app.Dashboard());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.SignInAsync(PaylentApp.AdminEmail, "wrong password")).StatusCode);
        }

        var locked = await browser.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword);
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Equal(Incorrect, Html.Errors(await Html.ParseAsync(locked)).Single());
        var unknown = await browser.SignInAsync("nobody@demo.localhost", PaylentApp.AdminPassword);
        Assert.Equal(Incorrect, Html.Errors(await Html.ParseAsync(unknown)).Single());

        var adminId = await AdminIdAsync(app);
        var events = await AdminEventsAsync(app, adminId);
        Assert.Equal(4, events.Count(e => e.Action == "admin.sign_in_failed")); // three wrong passwords and the attempt while locked
        var lockedEvent = Assert.Single(events, e => e.Action == "admin.locked");
        Assert.Equal(AuditActor.System, lockedEvent.Actor);
        Assert.NotNull(lockedEvent.AccountId);
        Assert.True(await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().AuditEvents.IgnoreQueryFilters()
            .AnyAsync(e => e.Action == "admin.sign_in_failed" && !e.Targets.Any())), "the unknown email's attempt is audited too");

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Redirect, (await new DashboardClient(app.Dashboard()).SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword)).StatusCode);
        Assert.Equal(0, await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().Admins
            .Where(a => a.Id == adminId).Select(a => a.FailedSignIns).SingleAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_copied_dashboard_cookie_stops_working_once_its_session_signs_out(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var browser = new DashboardClient(app.Dashboard());
        var signIn = await browser.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword);
        var copy = CookieOf(signIn);
        using var thief = Bare(app);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(thief, "/sessions", copy)).StatusCode);

        var page = await Html.ParseAsync(await browser.Http.GetAsync("/sessions"));
        var signOut = await browser.Http.PostAsync("/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var replay = await GetWithCookieAsync(thief, "/sessions", copy);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("http://localhost/sign-in", replay.Headers.Location?.ToString(), StringComparison.Ordinal);
        var adminId = await AdminIdAsync(app);
        Assert.Contains(await AllEventsAsync(app), e => e.Action == "admin.signed_out" && e.Actor == AuditActor.Admin(adminId));
    }

    [Fact]
    public async Task An_idle_dashboard_session_ends_after_the_idle_timeout_and_use_keeps_it_alive()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:Dashboard:SessionIdleTimeout"] = "00:30:00",
            ["Paylent:Dashboard:SessionLifetime"] = "04:00:00",
        }, clock);
        var browser = await DashboardClient.SignedInAsync(app);

        clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/sessions")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/sessions")).StatusCode); // 50 minutes after sign-in, 25 after the last use

        clock.Advance(TimeSpan.FromMinutes(31));
        var idled = await browser.Http.GetAsync("/sessions");
        Assert.Equal(HttpStatusCode.Redirect, idled.StatusCode);
        Assert.StartsWith("http://localhost/sign-in", idled.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dashboard_session_in_constant_use_still_ends_at_its_absolute_lifetime()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:Dashboard:SessionIdleTimeout"] = "00:30:00",
            ["Paylent:Dashboard:SessionLifetime"] = "02:00:00",
        }, clock);
        var browser = await DashboardClient.SignedInAsync(app);

        for (var used = TimeSpan.Zero; used < TimeSpan.FromHours(2) - TimeSpan.FromMinutes(20); used += TimeSpan.FromMinutes(20))
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/sessions")).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(21));
        var ended = await browser.Http.GetAsync("/sessions");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.StartsWith("http://localhost/sign-in", ended.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Paylent:Dashboard:SessionIdleTimeout")]
    [InlineData("Paylent:Dashboard:SessionLifetime")]
    public async Task A_zero_dashboard_session_lifetime_stops_the_start_with_a_message(string setting)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { [setting] = "00:00:00" }));

        Assert.Contains("Paylent:Dashboard: SessionIdleTimeout and SessionLifetime must be positive.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_their_sessions_with_this_browser_marked_and_revokes_another_browser_then_this_one()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var laptop = new DashboardClient(app.Dashboard());
        laptop.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Laptop/1.0");
        await laptop.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword);
        var phone = new DashboardClient(app.Dashboard());
        phone.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Phone/2.0");
        await phone.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword);

        var list = await Html.ParseAsync(await laptop.Http.GetAsync("/sessions"));
        var rows = list.QuerySelectorAll("[data-testid=admin-sessions] tbody tr");
        Assert.Equal(2, rows.Length);
        var current = Assert.Single(rows, r => r.QuerySelector("[data-testid=current-session]") is not null);
        Assert.Contains("Laptop/1.0", current.TextContent, StringComparison.Ordinal);
        var other = Assert.Single(rows, r => r != current);
        Assert.Contains("Phone/2.0", other.TextContent, StringComparison.Ordinal);

        var revokeOther = other.QuerySelector("a")!.GetAttribute("href")!;
        var revoked = await ConfirmAsync(laptop, revokeOther);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Http.GetAsync(revoked.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync("/sessions")).StatusCode);
        var adminId = await AdminIdAsync(app);
        var revocation = Assert.Single(await AllEventsAsync(app), e => e.Action == "admin.session_revoked");
        Assert.Equal(AuditActor.Admin(adminId), revocation.Actor);
        Assert.Equal(new AuditTarget("admin_session", other.GetAttribute("data-session")!), Assert.Single(revocation.Targets));

        var signedOut = await ConfirmAsync(laptop, current.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/sign-in", signedOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.Http.GetAsync("/sessions")).StatusCode);
    }

    [Fact]
    public async Task A_session_id_that_is_not_the_admins_own_is_not_found()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var browser = await DashboardClient.SignedInAsync(app);

        var response = await browser.Http.GetAsync($"/sessions/{Guid.NewGuid()}/revoke");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(DashboardClient browser, string path)
    {
        var confirm = await Html.ParseAsync(await browser.Http.GetAsync(path));
        return await browser.Http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(confirm),
        }));
    }

    /// <summary>The dashboard cookie as a browser would send it back (name=value, chunks included).</summary>
    private static string CookieOf(HttpResponseMessage signIn) => string.Join("; ", signIn.Headers.GetValues("Set-Cookie")
        .Where(c => c.StartsWith("paylent_dashboard", StringComparison.Ordinal))
        .Select(c => c.Split(';')[0]));

    /// <summary>A client that keeps no cookies of its own: another machine replaying a copied cookie.</summary>
    private static HttpClient Bare(PaylentApp app) => app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("http://localhost/"),
        AllowAutoRedirect = false,
        HandleCookies = false,
    });

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static Task<Guid> AdminIdAsync(PaylentApp app) =>
        app.WithServices(services => services.GetRequiredService<PaylentDbContext>().Admins.Select(a => a.Id).SingleAsync());

    private static Task<List<AuditEvent>> AllEventsAsync(PaylentApp app) =>
        app.WithServices(services => services.GetRequiredService<PaylentDbContext>().AuditEvents.IgnoreQueryFilters().ToListAsync());

    private static async Task<List<AuditEvent>> AdminEventsAsync(PaylentApp app, Guid adminId) =>
        (await AllEventsAsync(app)).Where(e => e.Targets.Contains(new AuditTarget("admin", adminId.ToString()))).ToList();
}
