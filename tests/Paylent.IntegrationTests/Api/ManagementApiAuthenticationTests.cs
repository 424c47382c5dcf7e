using System.Net;
using System.Net.Http.Headers;
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
        var token = await http.AccessTokenAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret, ("resource", "https://thirdparty.example/"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await http.GetAsync("/api/signing-keys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
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
