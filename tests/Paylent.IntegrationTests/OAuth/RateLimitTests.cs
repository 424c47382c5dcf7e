using System.Net;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

public sealed class RateLimitTests
{
    [Theory]
    [InlineData("Paylent:RateLimits:OAuthPerClientPerSecond", "/oauth/token")]
    [InlineData("Paylent:RateLimits:OAuthPerClientPerSecond", "/oauth/introspect")]
    [InlineData("Paylent:RateLimits:OAuthPerIpPerSecond", "/oauth/token")]
    public async Task Requests_above_the_configured_rate_get_429_with_retry_after(string setting, string path)
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { [setting] = "3" });
        var http = app.Client("demo-test.localhost");
        KeyValuePair<string, string> field = path == "/oauth/token" ? new("grant_type", "client_credentials") : new("token", "x");

        // A burst well over the rate, sent at once so no slow machine can spread it over many refills.
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            http.PostFormAsync(path, [field], (OAuthClient.ManagementClientId, PaylentApp.ManagementSecret))));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(int.Parse(r.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));

        // Per client or per address, a client library reads the same RFC 6749 §5.2 error.
        foreach (var response in limited)
        {
            await OAuthBadInputTests.AssertProtocolErrorAsync(response, "too_many_requests");
        }
    }

    [Fact]
    public async Task The_authorization_endpoint_answers_429_with_retry_after_past_the_per_ip_limit()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:RateLimits:AuthorizationPerIpPerMinute"] = "5" });
        var flow = await IntegrationTests.Support.CodeFlow.StartAsync(app);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            responses.Add(await flow.Http.GetAsync(flow.AuthorizeUrl()));
        }

        Assert.All(responses.Take(5), r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.All(responses.Skip(5), r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.True(int.Parse(r.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        });
    }

    [Fact]
    public async Task Preflights_count_against_the_per_ip_limit_of_their_endpoint()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:RateLimits:OAuthPerIpPerSecond"] = "3" });
        var http = app.Client("demo-test.localhost");

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => http.SendAsync(BrowserAppCorsTests.Preflight("/oauth/token", "https://spa.example", "POST"))));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests }));
    }

    [Fact]
    public async Task A_clients_own_origin_can_read_its_429()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:RateLimits:OAuthPerClientPerSecond"] = "3" });
        var client = await app.CreateClientAsync(redirectUris: ["https://app.example/callback"]);
        var http = app.Client("demo-test.localhost");
        http.DefaultRequestHeaders.Add("Origin", "https://app.example");

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => http.ClientCredentialsAsync(client.Client.ClientId, client.ClientSecret!)));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => BrowserAppCorsTests.AssertAllowed(r, HttpStatusCode.TooManyRequests, "https://app.example"));
        Assert.All(limited, r => Assert.Equal("Retry-After", BrowserAppCorsTests.Header(r, "Access-Control-Expose-Headers")));
    }

    [Fact]
    public async Task Any_origin_reads_the_per_address_429_of_an_endpoint_browser_apps_call_but_not_of_introspection()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:RateLimits:OAuthPerIpPerSecond"] = "3" });
        var http = app.Client("demo-test.localhost");
        http.DefaultRequestHeaders.Add("Origin", "https://unregistered.example");

        // Refused before the request names its client: nothing in it belongs to anyone.
        var tokens = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => http.ClientCredentialsAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret)));
        var limited = tokens.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => BrowserAppCorsTests.AssertAllowed(r, HttpStatusCode.TooManyRequests, "https://unregistered.example"));
        Assert.All(limited, r => Assert.Equal("Retry-After", BrowserAppCorsTests.Header(r, "Access-Control-Expose-Headers")));
        Assert.All(tokens.Where(r => r.StatusCode == HttpStatusCode.OK), r => Assert.Null(BrowserAppCorsTests.Header(r, "Access-Control-Allow-Origin")));

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var introspections = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            http.PostFormAsync("/oauth/introspect", [new("token", "x")], (OAuthClient.ManagementClientId, PaylentApp.ManagementSecret))));
        Assert.Contains(introspections, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(introspections, r => Assert.Null(BrowserAppCorsTests.Header(r, "Access-Control-Allow-Origin")));
    }
}
