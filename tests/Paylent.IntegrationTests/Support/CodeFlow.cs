using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Support;

/// <summary>
/// One relying party and one browser on an environment host: registers the client, runs authorization
/// requests through the hosted sign-in and consent as a browser would, and redeems codes.
/// </summary>
public sealed class CodeFlow
{
    public const string RedirectUri = "https://app.example/callback";
    public const string PostLogoutRedirectUri = "https://app.example/signed-out";
    public const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-0123456789";

    private CodeFlow(PaylentApp app, OAuthClientWithSecret client, HostedClient browser, string redirectUri)
    {
        App = app;
        Client = client;
        Browser = browser;
        ClientRedirectUri = redirectUri;
    }

    public PaylentApp App { get; }

    public OAuthClientWithSecret Client { get; }

    public string ClientId => Client.Client.ClientId;

    public HostedClient Browser { get; }

    /// <summary>The redirect URI this flow's client registered and sends: <see cref="RedirectUri"/> unless a test chose another.</summary>
    public string ClientRedirectUri { get; }

    public HttpClient Http => Browser.Http;

    public static string Challenge => Pkce.Base64UrlSha256(Verifier);

    public static async Task<CodeFlow> StartAsync(
        PaylentApp app, bool firstParty = true, ClientType type = ClientType.Confidential, TokenFormat format = TokenFormat.Jwt, string host = "demo-test.localhost",
        int refreshTokenLifetime = 30 * 24 * 3600, string redirectUri = RedirectUri, string algorithm = SigningAlgorithms.Rs256, HostedClient? browser = null)
    {
        var environment = host.Split('.')[0].Split('-')[1];
        var client = await app.SendAsync(environment, new CreateOAuthClient(type, new OAuthClientSettings(
            "Sample app", [redirectUri], [PostLogoutRedirectUri], [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken],
            [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, "orders:read"], format,
            RefreshTokenLifetime: refreshTokenLifetime, FirstParty: firstParty, IdTokenSignedResponseAlg: algorithm)));
        return new CodeFlow(app, client, browser ?? HostedClient.For(app, host), redirectUri);
    }

    /// <summary>The authorization request's query: everything a correct client sends, overridable and removable (null).</summary>
    public string AuthorizeUrl(params (string Name, string? Value)[] overrides)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = ClientRedirectUri,
            ["scope"] = "openid profile email offline_access",
            ["state"] = "state-123",
            ["nonce"] = "nonce-456",
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = "S256",
        };
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }

        return QueryHelpers.AddQueryString("/oauth/authorize", parameters.Where(p => p.Value is not null)!);
    }

    /// <summary>Sends the authorization request of a signed-in browser whose answer needs the user's consent, and returns the consent page's address it leads to.</summary>
    public async Task<string> ConsentPageAsync(params (string Name, string? Value)[] overrides)
    {
        var consent = (await Http.GetAsync(AuthorizeUrl(overrides))).Headers.Location?.OriginalString;
        Assert.StartsWith("/consent?", consent, StringComparison.Ordinal);
        return consent!;
    }

    /// <summary>Follows redirects on this host until one leaves it (to the client), or a page answers.</summary>
    public async Task<HttpResponseMessage> FollowAsync(string url)
    {
        var response = await Http.GetAsync(url);
        while (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location && !location.IsAbsoluteUri)
        {
            response = await Http.GetAsync(location);
        }

        return response;
    }

    /// <summary>Signs in through the hosted page the authorization request leads to, allows consent if asked, and returns the code.</summary>
    public async Task<string> SignInForCodeAsync(string email, params (string Name, string? Value)[] overrides)
    {
        var response = await Http.GetAsync(AuthorizeUrl(overrides));
        if (response.Headers.Location?.OriginalString.StartsWith("/sign-in", StringComparison.Ordinal) == true)
        {
            response = await Browser.SubmitAsync(response.Headers.Location.OriginalString, ("Email", email), ("Password", Identity.Password));
        }

        return await CodeFromAsync(response);
    }

    /// <summary>Follows a response to the client's redirect URI, allowing consent on the way, and reads the code.</summary>
    public async Task<string> CodeFromAsync(HttpResponseMessage response)
    {
        while (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { IsAbsoluteUri: false } location)
        {
            response = location.OriginalString.StartsWith("/consent", StringComparison.Ordinal)
                ? await Browser.SubmitAsync(location.OriginalString, ("decision", "allow"))
                : await Http.GetAsync(location);
        }

        var query = Callback(response, ClientRedirectUri);
        Assert.True(query.ContainsKey("code"), $"No code: {response.Headers.Location}");
        return query["code"]!;
    }

    public static Dictionary<string, string?> Callback(HttpResponseMessage response, string redirectUri = RedirectUri)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(redirectUri + "?", location.OriginalString, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
    }

    /// <summary>The error response of a redirect to the client, with the state and issuer it must carry (RFC 6749 §4.1.2.1, RFC 9207).</summary>
    public static Dictionary<string, string?> ErrorCallback(HttpResponseMessage response, string error, string state = "state-123", string redirectUri = RedirectUri)
    {
        var query = Callback(response, redirectUri);
        Assert.Equal(error, query.GetValueOrDefault("error"));
        Assert.Equal(state, query.GetValueOrDefault("state"));
        Assert.Equal("http://demo-test.localhost", query.GetValueOrDefault("iss"));
        Assert.False(query.ContainsKey("code"));
        return query;
    }

    /// <summary>An error page on this site: 400 and no redirect anywhere (RFC 6749 §4.1.2.1: no open redirect).</summary>
    public static void AssertErrorPage(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    /// <summary>The token endpoint's error code for a refused request (RFC 6749 §5.2).</summary>
    public static async Task<string?> TokenErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("error").GetString();
    }

    /// <summary>
    /// Whether introspection calls the token active, asked by the (confidential) client it was issued to:
    /// RFC 7662 §4, Paylent shows a token to no other client but those its audience names.
    /// </summary>
    public async Task<bool> IsActiveAsync(string token) =>
        (await Http.IntrospectAsync(token, ClientId, Client.ClientSecret ?? throw new InvalidOperationException("A public client cannot introspect.")))
        .GetProperty("active").GetBoolean();

    public Task<HttpResponseMessage> UserInfoAsync(string? accessToken, string host = "demo-test.localhost")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}/oauth/userinfo");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> RedeemAsync(string code, string verifier = Verifier, string? redirectUri = null) =>
        TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri ?? ClientRedirectUri), ("code_verifier", verifier));

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken, string? scope = null) =>
        TokenAsync([("grant_type", "refresh_token"), ("refresh_token", refreshToken), .. scope is null ? Array.Empty<(string, string)>() : [("scope", scope)]]);

    public Task<HttpResponseMessage> TokenAsync(params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
        if (Client.ClientSecret is null)
        {
            form.Add(KeyValuePair.Create("client_id", ClientId));
            return Http.PostFormAsync("/oauth/token", form);
        }

        return Http.PostFormAsync("/oauth/token", form, (ClientId, Client.ClientSecret));
    }

    /// <summary>The whole flow for a new user: signed in, consented, tokens in hand.</summary>
    public async Task<(string Email, JsonElement Tokens)> TokensForNewUserAsync(params (string Name, string? Value)[] overrides)
    {
        var user = await App.CreateUserAsync();
        var response = await RedeemAsync(await SignInForCodeAsync(user.Email, overrides));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (user.Email, await response.JsonAsync());
    }
}
