using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

[Collection(AppsCollection.Name)]
public sealed class SignInTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Admin_signs_in_lands_on_the_environment_overview_and_signs_out(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var client = new DashboardClient(app.Dashboard());

        var signIn = await client.SignInAsync("Admin@Demo.localhost", PaylentApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("paylent_dashboard=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var home = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Matches("^/environments/[a-z]+$", home.Headers.Location?.OriginalString);
        var overview = await client.Http.GetAsync(home.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        var page = await Html.ParseAsync(overview);
        Assert.Contains("environment.created", page.QuerySelector("[data-testid=recent-audit-events]")?.TextContent, StringComparison.Ordinal);
        var audit = await Html.ParseAsync(await client.Http.GetAsync(home.Headers.Location + "/audit-events"));
        Assert.Contains("environment.created", audit.QuerySelector("[data-testid=audit-events]")?.TextContent, StringComparison.Ordinal);

        var signOut = await client.Http.PostAsync("/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await client.Http.GetAsync("/environments/test/audit-events");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("http://localhost/sign-in", after.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_is_audited_with_the_admin_as_actor_and_the_request_as_metadata()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = new DashboardClient(app.Dashboard());
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd("PaylentTests/1.0");

        await client.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword);

        var signedIn = await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().AuditEvents
            .IgnoreQueryFilters().Where(e => e.Action == "admin.signed_in").OrderByDescending(e => e.OccurredAt).FirstAsync());
        var adminId = await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().Admins.Select(a => a.Id).SingleAsync());
        Assert.Equal(AuditActor.Admin(adminId), signedIn.Actor);
        Assert.Equal(new AuditTarget("admin", adminId.ToString()), Assert.Single(signedIn.Targets));
        Assert.Equal("PaylentTests/1.0", signedIn.Metadata["user_agent"]);
        Assert.False(string.IsNullOrEmpty(signedIn.Metadata["request_id"]));
        Assert.True(signedIn.Metadata.ContainsKey("ip"));
    }

    [Fact]
    public async Task A_local_return_url_is_followed_and_a_foreign_one_ignored()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var local = await new DashboardClient(app.Dashboard()).SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword, returnUrl: "/environments/production/audit-events");
        var foreign = await new DashboardClient(app.Dashboard()).SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword, returnUrl: "https://evil.example/");
        var protocolRelative = await new DashboardClient(app.Dashboard()).SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword, returnUrl: "//evil.example/");

        Assert.Equal("/environments/production/audit-events", local.Headers.Location?.OriginalString);
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
        Assert.Equal("/", protocolRelative.Headers.Location?.OriginalString);
    }

    public static TheoryData<string?, string?, string> BadInput => new()
    {
        { null, null, "Enter an email address." },
        { "", "", "Enter an email address." },
        { PaylentApp.AdminEmail, "", "Enter your password." },
        { "not an email", "whatever password", "Enter a valid email address, like name@example.com." },
        { "admin\u0001@demo.localhost", "whatever password", "Enter a valid email address, like name@example.com." },
        { new string('a', 10_000) + "@demo.localhost", "whatever password", "An email address is at most 254 characters." },
        { PaylentApp.AdminEmail, new string('p', 1024 * 1024), "A password is at most 256 characters." },
        { PaylentApp.AdminEmail, "wrong password", "The email or password is incorrect." },
        { "nobody@demo.localhost", PaylentApp.AdminPassword, "The email or password is incorrect." },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_sign_in_input_rerenders_the_form_with_a_clear_message(string? email, string? password, string message)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = new DashboardClient(app.Dashboard());

        var response = await client.SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains(message, Html.Errors(page));
        Assert.Empty(page.QuerySelector("#password")?.GetAttribute("value") ?? string.Empty);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("paylent_dashboard=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("forged-token")]
    public async Task A_missing_or_wrong_antiforgery_token_gets_a_form_expired_page(string token)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = new DashboardClient(app.Dashboard());
        await client.AntiforgeryTokenAsync();

        var response = await client.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_from_another_browser_session_is_refused()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var stolen = await new DashboardClient(app.Dashboard()).AntiforgeryTokenAsync();
        var victim = new DashboardClient(app.Dashboard());
        await victim.AntiforgeryTokenAsync();

        var response = await victim.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword, stolen);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_without_a_server_error()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = new DashboardClient(app.Dashboard());
        var token = await client.AntiforgeryTokenAsync();

        var response = await client.SignInAsync(PaylentApp.AdminEmail, new string('p', 3 * 1024 * 1024), token);

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Wrong_content_type_is_refused_without_a_server_error()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Dashboard().PostAsync("/sign-in", new StringContent("{\"Email\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Sign_in_attempts_above_the_rate_limit_get_429_with_retry_after()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:RateLimits:DashboardSignInPerMinute"] = "3",
        });
        var client = new DashboardClient(app.Dashboard());
        var token = await client.AntiforgeryTokenAsync();

        // Eight attempts against three per minute: even if a window boundary falls inside, some are refused.
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            responses.Add(await client.SignInAsync(PaylentApp.AdminEmail, "wrong password", token));
        }

        Assert.Equal(HttpStatusCode.BadRequest, responses[0].StatusCode);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(int.Parse(r.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0));
    }
}
