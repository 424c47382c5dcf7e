using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paylent.Domain.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>Brute-force protection, per-IP limits, and one-time tokens kept out of logs and the audit trail.</summary>
public sealed class HostedProtectionTests
{
    [Fact]
    public async Task Repeated_failures_lock_the_user_for_the_window_audited_and_a_password_reset_unlocks()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:Identity:LockoutThreshold"] = "3",
            ["Paylent:Identity:FirstLockout"] = "00:00:02",
            ["Paylent:Identity:MaxLockout"] = "00:00:02",
        });
        var email = await HostedPagesTests.CreateUserAsync(app);
        var browser = HostedClient.For(app);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.SignInAsync(email, "wrong password")).StatusCode);
        }

        // Locked: even the right password gets the one generic message.
        var locked = await browser.SignInAsync(email);
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Equal("The email or password is incorrect.", Support.Html.Errors(await Support.Html.ParseAsync(locked)).Single());
        var user = await HostedPagesTests.UserAsync(app, email);
        var events = await UserEventsAsync(app, user.Id);
        Assert.Equal(4, events.Count(e => e == "user.sign_in_failed")); // three wrong passwords and the attempt while locked
        Assert.Contains("user.locked", events);

        // The window passes (polled: attempts while locked do not extend it).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage attempt;
        do
        {
            await Task.Delay(200);
            attempt = await browser.SignInAsync(email);
        }
        while (attempt.StatusCode != HttpStatusCode.Redirect && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Redirect, attempt.StatusCode);

        // Locked again, then unlocked at once by a password reset.
        for (var i = 0; i < 3; i++)
        {
            await HostedClient.For(app).SignInAsync(email, "wrong password");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await HostedClient.For(app).SignInAsync(email)).StatusCode);
        await HostedClient.For(app).SubmitAsync("/forgot-password", ("Email", email));
        var link = await Mailbox.LinkAsync(app, email, "/reset-password");
        Assert.Equal(HttpStatusCode.OK, (await HostedClient.For(app).SubmitAsync(link, ("NewPassword", "an unlocking passphrase"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await HostedClient.For(app).SignInAsync(email, "an unlocking passphrase")).StatusCode);
    }

    /// <summary>
    /// The attempt is counted before the password is checked, atomically: a burst of simultaneous
    /// sign-ins gets exactly the threshold's worth of checks against the real hash, the rest are refused
    /// unchecked, every failure is counted and audited, and the answer is the same for all.
    /// </summary>
    [Fact]
    public async Task Twenty_simultaneous_attempts_are_checked_only_up_to_the_threshold_and_all_counted()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Postgres, new Dictionary<string, string?>
        {
            ["Paylent:Identity:LockoutThreshold"] = "5",
            ["Paylent:Identity:FirstLockout"] = "00:10:00",
            ["Paylent:Identity:MaxLockout"] = "00:10:00",
        });
        var email = await HostedPagesTests.CreateUserAsync(app);
        var forms = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var browser = HostedClient.For(app);
            return (browser, form: Support.FormPost.Read(await browser.PageAsync("/sign-in")).Set("Email", email)
                .Set("Password", i == 19 ? HostedClient.Password : "wrong password"));
        }));

        var answers = await Task.WhenAll(forms.Select(f => f.form.SendAsync(f.browser.Http)));

        var failures = answers.Where(a => a.StatusCode == HttpStatusCode.BadRequest).ToList();
        Assert.True(failures.Count >= 19, $"{failures.Count} failures");
        foreach (var failure in failures)
        {
            Assert.Equal("The email or password is incorrect.", Support.Html.Errors(await Support.Html.ParseAsync(failure)).Single());
        }

        var user = await HostedPagesTests.UserAsync(app, email);
        var events = await UserEventsAsync(app, user.Id);
        Assert.Equal(failures.Count, events.Count(e => e == "user.sign_in_failed"));
        if (failures.Count == 20)
        {
            // The right password lost the race for the five checks: the user is locked, and stays locked to it.
            Assert.Contains("user.locked", events);
            Assert.Equal(HttpStatusCode.BadRequest, (await HostedClient.For(app).SignInAsync(email)).StatusCode);
        }

        var counted = await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().Users.IgnoreQueryFilters()
            .Where(u => u.Id == user.Id).Select(u => u.FailedSignIns).SingleAsync());
        Assert.InRange(counted, 0, 5);
    }

    /// <summary>
    /// The right password among simultaneous wrong ones: when it signs in, the count and the lock it
    /// found are cleared, also a lock a wrong attempt set after it was counted, and any lock left behind
    /// is one the wrong attempts after it earned (the policy's first while, audited), never the
    /// provisional longest one.
    /// </summary>
    [Fact]
    public async Task A_right_password_among_simultaneous_wrong_ones_leaves_no_provisional_lock_behind()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Postgres, new Dictionary<string, string?>
        {
            ["Paylent:Identity:LockoutThreshold"] = "3",
            ["Paylent:Identity:FirstLockout"] = "00:01:00",
            ["Paylent:Identity:MaxLockout"] = "01:00:00",
        });
        for (var round = 0; round < 4; round++)
        {
            var email = await HostedPagesTests.CreateUserAsync(app);
            var forms = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
            {
                var browser = HostedClient.For(app);
                return (browser, form: Support.FormPost.Read(await browser.PageAsync("/sign-in")).Set("Email", email)
                    .Set("Password", i == 2 ? HostedClient.Password : "wrong password"));
            }));

            await Task.WhenAll(forms.Select(f => f.form.SendAsync(f.browser.Http)));

            var user = await HostedPagesTests.UserAsync(app, email);
            var lockedUntil = await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().Users.IgnoreQueryFilters()
                .Where(u => u.Id == user.Id).Select(u => u.LockedUntil).SingleAsync());
            Assert.True(lockedUntil is null || lockedUntil < DateTime.UtcNow.AddMinutes(2), $"round {round}: locked until {lockedUntil:O}");
        }
    }

    /// <summary>
    /// Forgot-password answers before anything about the address is looked up, so a known address
    /// cannot be told from its timing: with the users, their tokens and the outbox locked by another
    /// transaction, the answer for a known address still comes at once, and the link follows once the
    /// tables are free.
    /// </summary>
    [Fact]
    public async Task Forgot_password_answers_a_known_address_without_waiting_for_its_lookup_or_its_email()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Postgres);
        var email = await HostedPagesTests.CreateUserAsync(app);
        var browser = HostedClient.For(app);
        var form = Support.FormPost.Read(await browser.PageAsync("/forgot-password")).Set("Email", email);

        await using (var locker = new Npgsql.NpgsqlConnection(app.Database.ConnectionString))
        {
            await locker.OpenAsync();
            await using var transaction = await locker.BeginTransactionAsync();
            await using (var lockTables = new Npgsql.NpgsqlCommand("LOCK TABLE users, user_tokens, outbox_emails IN ACCESS EXCLUSIVE MODE", locker, transaction))
            {
                await lockTables.ExecuteNonQueryAsync();
            }

            var answer = form.SendAsync(browser.Http);
            var first = await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(15)));

            Assert.Same(answer, first);
            Assert.Equal(HttpStatusCode.OK, (await answer).StatusCode);
            await transaction.RollbackAsync();
        }

        Assert.StartsWith("/reset-password?token=", await Mailbox.LinkAsync(app, email, "/reset-password"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Paylent:RateLimits:HostedSignInPerIpPerMinute", "/sign-in")]
    [InlineData("Paylent:RateLimits:HostedSignUpPerIpPerMinute", "/sign-up")]
    [InlineData("Paylent:RateLimits:HostedEmailLinksPerIpPerMinute", "/forgot-password")]
    public async Task Form_posts_above_the_per_ip_limit_get_an_html_429_with_retry_after(string setting, string path)
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { [setting] = "3" });
        var browser = HostedClient.For(app);
        browser.Http.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        // Eight posts against three per minute: even if a window boundary falls inside, some are refused.
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            responses.Add(await browser.SubmitAsync(path, ("Email", "not an email")));
        }

        Assert.Equal(HttpStatusCode.BadRequest, responses[0].StatusCode);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        foreach (var response in limited)
        {
            Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Too many attempts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task One_time_tokens_reach_neither_the_logs_at_trace_level_nor_the_audit_trail()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var logs = new CapturingLoggerProvider();
        await using var traced = app.WithWebHostBuilder(builder => builder
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Trace")
            .ConfigureLogging(logging => logging.AddProvider(logs)));
        var browser = new HostedClient(traced.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://demo-test.localhost/"),
            AllowAutoRedirect = false,
        }));
        var email = HostedClient.NewEmail();

        await browser.SignUpAsync(email);
        var verifyLink = await Mailbox.LinkAsync(app, email, "/verify-email");
        await browser.SubmitAsync(verifyLink);
        await browser.SubmitAsync("/forgot-password", ("Email", email));
        var resetLink = await Mailbox.LinkAsync(app, email, "/reset-password");
        Assert.Equal(HttpStatusCode.OK, (await browser.SubmitAsync(resetLink, ("NewPassword", "a passphrase for the logs"))).StatusCode);

        var tokens = new[] { Mailbox.Token(verifyLink), Mailbox.Token(resetLink) };
        Assert.Contains(logs.Lines, line => line.Contains("/reset-password", StringComparison.Ordinal)); // the capture works at trace level
        Assert.DoesNotContain(logs.Lines, line => tokens.Any(t => line.Contains(t, StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("a passphrase for the logs", StringComparison.Ordinal));
        var audit = await app.WithServices(async services => await services.GetRequiredService<PaylentDbContext>().AuditEvents.IgnoreQueryFilters().ToListAsync());
        var trail = string.Join('\n', audit.Select(e => JsonSerializer.Serialize(new { e.Changes, e.Metadata })));
        Assert.Contains("user.email_verified", audit.Select(e => e.Action));
        Assert.DoesNotContain(tokens, t => trail.Contains(t, StringComparison.Ordinal));
    }

    private static async Task<List<string>> UserEventsAsync(PaylentApp app, Guid userId) =>
        await app.WithServices(async services =>
        {
            var events = await services.GetRequiredService<PaylentDbContext>().AuditEvents.IgnoreQueryFilters()
                .Where(e => e.Action.StartsWith("user.")).ToListAsync();
            return events.Where(e => e.Targets.Contains(new AuditTarget("user", userId.ToString()))).Select(e => e.Action).ToList();
        });
}
