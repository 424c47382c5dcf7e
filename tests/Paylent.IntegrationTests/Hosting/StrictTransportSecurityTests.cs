using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

/// <summary>HSTS (RFC 6797): on every https response, pages, redirects and errors alike; never on http.</summary>
[Collection(AppsCollection.Name)]
public sealed class StrictTransportSecurityTests(Apps apps)
{
    private static readonly string[] Paths = ["/sign-in", "/account", "/no-such-page", "/.well-known/openid-configuration", "/healthz"];

    [Fact]
    public async Task Every_https_response_carries_a_year_of_hsts_and_no_http_response_does()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        foreach (var host in new[] { "demo-test.localhost", "localhost", "nope-test.localhost" })
        {
            foreach (var path in Paths)
            {
                var https = await Https(app, host).GetAsync(path);
                var http = await app.Client(host).GetAsync(path);

                Assert.Equal("max-age=31536000", Assert.Single(https.Headers.GetValues("Strict-Transport-Security")));
                Assert.False(http.Headers.Contains("Strict-Transport-Security"), $"{host}{path} answered http with HSTS");
            }
        }

        Assert.Equal(HttpStatusCode.Redirect, (await Https(app, "demo-test.localhost").GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Https(app, "nope-test.localhost").GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_hsts_max_age_and_subdomains_are_configurable()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:Hsts:MaxAgeSeconds"] = "600",
            ["Paylent:Hsts:IncludeSubDomains"] = "true",
        });

        var response = await Https(app, "localhost").GetAsync("/sign-in");

        Assert.Equal("max-age=600; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    private static HttpClient Https(PaylentApp app, string host) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{host}/"), AllowAutoRedirect = false });
}
