using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

[Collection(AppsCollection.Name)]
public sealed class AuditLogPageTests(Apps apps)
{
    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Dashboard().GetAsync("/environments/test/audit-events");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/sign-in?ReturnUrl=%2Fenvironments%2Ftest%2Faudit-events", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_environment_shows_only_its_own_events(DatabaseProvider provider)
    {
        var client = await DashboardClient.SignedInAsync(await apps.On(provider));

        var test = await Html.ParseAsync(await client.Http.GetAsync("/environments/test/audit-events"));
        var production = await Html.ParseAsync(await client.Http.GetAsync("/environments/production/audit-events"));

        static List<string> Targets(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("[data-testid=audit-events] tbody td:nth-child(4) code").Select(c => c.TextContent).ToList();
        // Other tests on this shared app add events, so only the bootstrap's lower bound is certain.
        Assert.InRange(Targets(test).Count, 3, 25);
        Assert.InRange(Targets(production).Count, 3, 25);
        Assert.Empty(Targets(test).Intersect(Targets(production)));
        Assert.Equal("test", test.QuerySelector("[data-testid=environment-switcher] summary strong")?.TextContent);
    }

    [Fact]
    public async Task An_environment_of_another_account_or_none_is_not_found()
    {
        var client = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await client.Http.GetAsync("/environments/staging/audit-events");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Filters_apply_and_htmx_requests_get_only_the_results_fragment()
    {
        var client = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));
        var request = new HttpRequestMessage(HttpMethod.Get, "/environments/test/audit-events?action=environment.created&since=2020-01-01T00:00");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Request-Type", "partial");

        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        Assert.Contains("environment.created", fragment, StringComparison.Ordinal);
        Assert.Contains("HX-Request", response.Headers.Vary);

        var none = await client.Http.GetAsync("/environments/test/audit-events?action=nothing.happened");
        Assert.NotNull((await Html.ParseAsync(none)).QuerySelector("[data-testid=audit-empty]"));
    }

    [Theory]
    [InlineData("?since=yesterday", "'Since' is not a date and time.")]
    [InlineData("?page=abc", "The value 'abc' is not valid for Page.")]
    [InlineData("?page=0", "'Number' must be between 1 and 100000. You entered 0.")]
    [InlineData("?since=2026-02-01T00:00&until=2026-01-01T00:00", "'Until' must not be before 'Since'.")]
    public async Task Bad_filters_show_a_message_instead_of_failing(string query, string message)
    {
        var client = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await client.Http.GetAsync("/environments/test/audit-events" + query);

        Assert.InRange((int)response.StatusCode, 200, 499);
        var page = await Html.ParseAsync(response);
        Assert.Contains(message, page.QuerySelectorAll(".error-summary li").Select(li => li.TextContent));
    }

    [Fact]
    public async Task An_oversized_filter_is_a_message_not_a_failure()
    {
        var client = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await client.Http.GetAsync("/environments/test/audit-events?action=" + new string('a', 5000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty((await Html.ParseAsync(response)).QuerySelectorAll(".error-summary li"));
    }
}
