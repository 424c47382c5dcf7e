using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

public sealed class JobsDashboardTests
{
    [Fact]
    public async Task The_jobs_dashboard_sends_an_anonymous_visitor_to_sign_in()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);

        var response = await app.Dashboard().GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_not_served_on_an_environment_host()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);

        var response = await app.Client("demo-test.localhost").GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_admin_sees_the_jobs_dashboard_linked_from_the_navigation()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var admin = await DashboardClient.SignedInAsync(app);

        var page = await (await admin.Http.GetAsync("/sessions")).Content.ReadAsStringAsync();
        var jobs = await admin.Http.GetAsync("/jobs");
        var servers = await admin.Http.GetAsync("/jobs/servers");

        Assert.Contains("href=\"/jobs\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        var html = await jobs.Content.ReadAsStringAsync();
        Assert.Contains("Paylent jobs", html, StringComparison.Ordinal);

        // The app's CSP allows scripts from this host only: Hangfire's pages load theirs from files.
        Assert.Contains("<script src=", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
        Assert.DoesNotMatch(" on[a-z]+=\"", html);
        Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
    }

    [Fact]
    public async Task The_jobs_dashboard_refuses_a_post_without_the_antiforgery_token()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var admin = await DashboardClient.SignedInAsync(app);

        var response = await admin.Http.PostAsync("/jobs/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "any")]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
