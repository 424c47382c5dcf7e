using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Dashboard;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

[Collection(AppsCollection.Name)]
public sealed class ManagementListenerTests(Apps apps)
{
    [Fact]
    public async Task Metrics_are_not_served_on_public_hosts()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        foreach (var host in new[] { "demo-test.localhost", "localhost", "10.0.0.7" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.Client(host).GetAsync("/metrics")).StatusCode);
        }
    }

    [Fact]
    public async Task Public_pages_and_endpoints_do_not_answer_on_the_management_listener()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        using var management = app.Management();

        foreach (var path in new[] { "/", "/sign-in", "/.well-known/openid-configuration", "/.well-known/jwks.json", "/api/users" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await management.PostAsync("/oauth/token", new StringContent(""))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Readiness_on_the_management_listener_names_each_check(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        using var management = app.Management();

        var ready = await management.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        foreach (var check in new[] { "database", "migrations", "signing_keys", "data_protection" })
        {
            Assert.Equal("Healthy", checks.GetProperty(check).GetProperty("status").GetString());
        }

        var live = await management.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var liveBody = JsonDocument.Parse(await live.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", liveBody.RootElement.GetProperty("status").GetString());
        Assert.Empty(liveBody.RootElement.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Readiness_fails_with_503_naming_the_database_when_it_is_gone()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Postgres);
        using var management = app.Management();
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/readyz")).StatusCode);

        await app.Database.DisposeAsync(); // drops the database under the running app

        var ready = await management.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var database = body.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Traces_are_exported_over_otlp_only_when_an_endpoint_is_set()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        Assert.Null(app.Services.GetService<TracerProvider>());

        await using var exporting = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317",
        });
        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
    }

    internal static async Task<string> ScrapeAsync(HttpClient management)
    {
        var response = await management.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples whose labels include all of <paramref name="labels"/> (0 when none).</summary>
    internal static double Value(string exposition, string name, (string Name, string Value)[] labels) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}

/// <summary>
/// The scrape of Paylent's own counters, in a collection that runs alone with an app of its own. Every
/// host's meter is named "Paylent" and each host's metrics reader listens to all of them in the
/// process: with other test hosts alive, an instrument of another host can own the metric stream, and
/// when that host is disposed the stream goes with it, this host's counts included. One host per
/// process, as in production, has no such neighbour.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class ManagementMetricsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Metrics_on_the_management_listener_count_tokens_issued_and_sign_ins(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        using var management = app.Management();
        const string tokens = "paylent_tokens_issued_total";
        (string, string)[] clientCredentialsJwt = [("grant_type", "client_credentials"), ("format", "jwt")];
        const string signIns = "paylent_sign_ins_total";
        (string, string)[] adminSuccess = [("subject", "admin"), ("outcome", "success")];
        (string, string)[] adminFailure = [("subject", "admin"), ("outcome", "failure")];
        var before = await ManagementListenerTests.ScrapeAsync(management);

        var token = await app.Client("demo-test.localhost").ClientCredentialsAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        await DashboardClient.SignedInAsync(app);
        var wrong = await new DashboardClient(app.Dashboard()).SignInAsync(PaylentApp.AdminEmail, "not the admin password");
        Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);

        var after = await ManagementListenerTests.ScrapeAsync(management);
        Assert.True(ManagementListenerTests.Value(after, tokens, clientCredentialsJwt) >= ManagementListenerTests.Value(before, tokens, clientCredentialsJwt) + 1, after);
        Assert.True(ManagementListenerTests.Value(after, signIns, adminSuccess) >= ManagementListenerTests.Value(before, signIns, adminSuccess) + 1, after);
        Assert.True(ManagementListenerTests.Value(after, signIns, adminFailure) >= ManagementListenerTests.Value(before, signIns, adminFailure) + 1, after);
        Assert.True(ManagementListenerTests.Value(after, "paylent_cache_lookups_total", [("cache", "oauth_clients")]) >= 1, after);
        Assert.Contains("# TYPE paylent_tokens_issued_total counter\n", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE paylent_outbox_backlog gauge\n", after, StringComparison.Ordinal);

        // ASP.NET Core's own request metrics, as a Prometheus histogram.
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", after, StringComparison.Ordinal);
        Assert.Contains("le=\"+Inf\"", after, StringComparison.Ordinal);
    }

}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
