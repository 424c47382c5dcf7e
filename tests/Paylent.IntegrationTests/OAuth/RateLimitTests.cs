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

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            last = await http.PostFormAsync(path, [field], (OAuthClient.ManagementClientId, PaylentApp.ManagementSecret));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses.Take(3), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(int.Parse(last!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await app.Database.DisposeAsync();
    }
}
