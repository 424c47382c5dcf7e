using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// The token endpoint is benchmarked: checking a browser's origin costs it no database command. Without
/// an <c>Origin</c> nothing is looked up; with one, the client comes from the cache the request reads it
/// from anyway, and an unknown client id, which the cache does not keep, is read once per request, not twice.
/// Each app here is its own, so the token endpoint's commands are this test's alone.
/// </summary>
public sealed class BrowserAppCorsCostTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Paylent:OAuthCache:RefreshSeconds"] = "3600",
        ["Paylent:SigningKeys:RefreshSeconds"] = "3600",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_request_with_an_origin_costs_the_same_commands_as_without(DatabaseProvider provider)
    {
        var commands = new EndpointCommands("/oauth/token");
        await using var app = await PaylentApp.StartAsync(provider, Settings, commands.RecordIn);
        var service = await app.CreateClientAsync(redirectUris: ["https://app.example/callback"]);
        var (coldWithout, coldWith) = (await app.CreateClientAsync(redirectUris: ["https://app.example/callback"]), await app.CreateClientAsync(redirectUris: ["https://app.example/callback"]));
        var plain = app.Client();
        var browser = Browser(app, "https://app.example");
        var elsewhere = Browser(app, "https://evil.example");
        var spa = await BrowserAppCorsTests.SpaFlowAsync(app);
        var withoutOrigin = await RefreshFamilyAsync(app, spa, origin: null);
        var withOrigin = await RefreshFamilyAsync(app, spa, BrowserAppCorsTests.SpaOrigin);

        var credentials = await commands.OfAsync(() => plain.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!));
        var credentialsFromItsOrigin = await commands.OfAsync(() => browser.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!));
        var credentialsFromElsewhere = await commands.OfAsync(() => elsewhere.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!));
        var first = await commands.FirstAsync(() => plain.AccessTokenAsync(coldWithout.Client.ClientId, coldWithout.ClientSecret!));
        var firstFromItsOrigin = await commands.FirstAsync(() => browser.AccessTokenAsync(coldWith.Client.ClientId, coldWith.ClientSecret!));
        var refresh = await commands.OfAsync(withoutOrigin);
        var refreshFromItsOrigin = await commands.OfAsync(withOrigin);
        var unknown = await commands.OfAsync(() => RefusedAsync(plain));
        var unknownFromAnOrigin = await commands.OfAsync(() => RefusedAsync(browser));

        Assert.Equal(Texts(credentials.Commands), Texts(credentialsFromItsOrigin.Commands));
        Assert.Equal(Texts(credentials.Commands), Texts(credentialsFromElsewhere.Commands));
        Assert.Equal(Texts(first.Commands), Texts(firstFromItsOrigin.Commands));
        Assert.NotEmpty(first.Commands);
        Assert.Equal(Texts(refresh.Commands), Texts(refreshFromItsOrigin.Commands));
        Assert.Single(unknown.Commands);
        Assert.Equal(Texts(unknown.Commands), Texts(unknownFromAnOrigin.Commands));

        // And the browser's requests were allowed their origin all along.
        BrowserAppCorsTests.AssertAllowed(await browser.ClientCredentialsAsync(service.Client.ClientId, service.ClientSecret!), HttpStatusCode.OK, "https://app.example");
    }

    private static HttpClient Browser(PaylentApp app, string origin)
    {
        var http = app.Client();
        http.DefaultRequestHeaders.Add("Origin", origin);
        return http;
    }

    private static string[] Texts(IReadOnlyList<RecordedCommand> commands) => [.. commands.Select(c => c.Text)];

    private static async Task<string> RefusedAsync(HttpClient http)
    {
        var response = await http.ClientCredentialsAsync("no-such-client", "secret");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return string.Empty;
    }

    /// <summary>A signed-in user's refresh family of the SPA: each call refreshes with the newest token, from <paramref name="origin"/>.</summary>
    private static async Task<Func<Task<string>>> RefreshFamilyAsync(PaylentApp app, CodeFlow spa, string? origin)
    {
        var code = await spa.SignInForCodeAsync((await app.CreateUserAsync()).Email);
        var redeemed = await BrowserAppCorsTests.TokenAsync(app, spa, origin,
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", BrowserAppCorsTests.SpaRedirectUri), ("code_verifier", CodeFlow.Verifier));
        var refreshToken = (await redeemed.JsonAsync()).GetProperty("refresh_token").GetString()!;
        return async () =>
        {
            var response = await BrowserAppCorsTests.TokenAsync(app, spa, origin, ("grant_type", "refresh_token"), ("refresh_token", refreshToken));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(origin, BrowserAppCorsTests.Header(response, "Access-Control-Allow-Origin"));
            var tokens = await response.JsonAsync();
            refreshToken = tokens.GetProperty("refresh_token").GetString()!;
            return tokens.GetProperty("access_token").GetString()!;
        };
    }
}
