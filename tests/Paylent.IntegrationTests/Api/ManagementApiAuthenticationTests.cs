using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.OAuth;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

[Collection(AppsCollection.Name)]
public sealed class ManagementApiAuthenticationTests(Apps apps)
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic cGF5bGVudDpzZWNyZXQ=")]
    public async Task Requests_without_a_valid_bearer_token_get_401_with_a_challenge(string? authorization)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/oauth-clients");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await app.Client("demo-test.localhost").SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(ApiClient.MediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("401", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_issued_by_another_environment_is_rejected_with_401(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var production = await ApiClient.ForAsync(app, "production");
        var test = app.Client("demo-test.localhost");
        test.DefaultRequestHeaders.Authorization = production.Http.DefaultRequestHeaders.Authorization;

        var response = await test.GetAsync("/api/oauth-clients");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_meant_for_another_resource_does_not_open_the_api()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");
        var client = await app.SendAsync("test", new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
            "Ops", [], [], [GrantTypes.ClientCredentials], [Scopes.Manage, "orders:read"]) { AllowedResources = ["https://thirdparty.example/"] }));
        var token = await http.AccessTokenAsync(client.Client.ClientId, client.ClientSecret!, ("scope", "orders:read"), ("resource", "https://thirdparty.example/"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await http.GetAsync("/api/signing-keys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string[]> OtherAudiences => new()
    {
        { new[] { "http://demo-test.localhost" } },
        { new[] { "http://demo-test.localhost/api", "https://thirdparty.example/" } },
        { new[] { "https://thirdparty.example/", "http://demo-test.localhost/api" } },
        { new[] { "http://demo-production.localhost/api" } },
    };

    [Theory]
    [MemberData(nameof(OtherAudiences))]
    public async Task A_manage_token_whose_audience_is_not_exactly_this_management_api_is_401(string[] audience)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");
        var now = DateTime.UtcNow;
        var claims = new AccessTokenClaims("http://demo-test.localhost", OAuthClient.ManagementClientId, OAuthClient.ManagementClientId,
            ["http://demo-test.localhost/api"], Scopes.Manage, now, now.AddMinutes(5), Guid.NewGuid().ToString("N"));
        var exact = await app.InEnvironmentAsync("test", sp => sp.GetRequiredService<ITokenSigner>().SignAsync(claims, SigningAlgorithms.Rs256, CancellationToken.None));
        var other = await app.InEnvironmentAsync("test", sp => sp.GetRequiredService<ITokenSigner>().SignAsync(
            claims with { Audience = audience, Jti = Guid.NewGuid().ToString("N") }, SigningAlgorithms.Rs256, CancellationToken.None));

        var accepted = await http.SendAsync(Get("/api/signing-keys", exact));
        var refused = await http.SendAsync(Get("/api/signing-keys", other));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task A_chunked_document_over_the_limit_is_413()
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));
        var body = "{\"data\":{\"type\":\"oauth_client\",\"attributes\":{\"name\":\"" + new string('n', 600_000) + "\"}}}";
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ApiClient.MediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/oauth-clients") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_manage_scope_is_forbidden()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = await app.CreateClientAsync(scopes: ["orders:read"]);
        var http = app.Client("demo-test.localhost");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await http.AccessTokenAsync(client.Client.ClientId, client.ClientSecret!));

        var response = await http.GetAsync("/api/signing-keys");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_token_no_longer_opens_the_api_and_an_opaque_token_does()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var token = api.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/signing-keys")).StatusCode);

        await api.Http.PostFormAsync("/oauth/revoke", [new("token", token)], (OAuthClient.ManagementClientId, PaylentApp.ManagementSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/signing-keys")).StatusCode);

        var opaqueClient = await app.CreateClientAsync(format: TokenFormat.Opaque, scopes: ["paylent:manage"]);
        var http = app.Client("demo-test.localhost");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await http.AccessTokenAsync(opaqueClient.Client.ClientId, opaqueClient.ClientSecret!));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/signing-keys")).StatusCode);
    }
}
