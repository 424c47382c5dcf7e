using System.Net;
using System.Text.Json;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Tenancy;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

[Collection(AppsCollection.Name)]
public sealed class HostRoutingTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Health_endpoints_answer_on_environment_dashboard_and_unknown_hosts(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        foreach (var host in new[] { "demo-test.localhost", "demo-production.localhost", "localhost", "10.0.0.7" })
        {
            var client = app.Client(host);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            var ready = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Made_up_host_names_past_the_look_up_budget_are_unknown_without_a_query_while_known_hosts_are_served()
    {
        var lookups = new HostLookupCounter();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:RateLimits:HostLookupsPerIpPerSecond"] = "3" },
            services => services.AddSingleton<IPipelineBehavior<FindEnvironmentByHostLabel, EnvironmentSummary?>>(lookups));
        var known = app.Client("demo-test.localhost");
        Assert.Equal(HttpStatusCode.OK, (await known.GetAsync("/.well-known/openid-configuration")).StatusCode);
        lookups.Count = 0;

        // Each made-up name would be a query before any other limit: past the budget, none is made.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.Client($"made-up-{Guid.NewGuid():N}.localhost").GetAsync("/healthz")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.InRange(lookups.Count, 1, 6);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client($"made-up-{Guid.NewGuid():N}.localhost").GetAsync("/")).StatusCode);

        // A known environment is served from the same address all the while, looked up or not.
        Assert.Equal(HttpStatusCode.OK, (await known.GetAsync("/.well-known/openid-configuration")).StatusCode);
    }

    /// <summary>Counts the database look-ups of host labels (the query's pipeline, as the dispatcher runs it).</summary>
    private sealed class HostLookupCounter : IPipelineBehavior<FindEnvironmentByHostLabel, EnvironmentSummary?>
    {
        private int _count;

        public int Count
        {
            get => Volatile.Read(ref _count);
            set => Volatile.Write(ref _count, value);
        }

        public Task<EnvironmentSummary?> Handle(FindEnvironmentByHostLabel request, CancellationToken cancellationToken, RequestHandlerDelegate<EnvironmentSummary?> next)
        {
            Interlocked.Increment(ref _count);
            return next();
        }
    }

    [Theory]
    [InlineData("nope-test.localhost")]
    [InlineData("demo-staging.localhost")]
    [InlineData("demo.localhost")]
    [InlineData("a.demo-test.localhost")]
    [InlineData("demo-test.example.com")]
    public async Task Unknown_hosts_get_a_json_404(string host)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client(host).GetAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/vnd.api+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("errors")[0];
        Assert.Equal("404", error.GetProperty("status").GetString());
        Assert.Equal("unknown_host", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_hosts_get_an_html_404_in_a_browser()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = app.Client("nope-test.localhost");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");

        var response = await client.GetAsync("/sign-in");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Unknown host", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/environments/test/oauth-clients")]
    [InlineData("/environments/test/audit-events")]
    [InlineData("/")]
    public async Task Dashboard_pages_are_not_served_on_environment_hosts(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client("demo-test.localhost").GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not_found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_names_are_matched_case_insensitively_and_with_a_port()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client("DEMO-Test.LocalHost:8080").GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Responses_carry_browser_hardening_headers()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Dashboard().GetAsync("/sign-in");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
