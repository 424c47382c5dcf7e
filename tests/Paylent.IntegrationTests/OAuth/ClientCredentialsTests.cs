using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

[Collection(AppsCollection.Name)]
public sealed class ClientCredentialsTests(Apps apps)
{
    private const string Management = OAuthClient.ManagementClientId;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_management_client_gets_an_rfc9068_jwt_that_verifies_against_jwks(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var http = app.Client("demo-test.localhost");

        var response = await http.ClientCredentialsAsync(Management, PaylentApp.ManagementSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("no-cache", response.Headers.Pragma.ToString(), StringComparison.Ordinal);
        var body = await response.JsonAsync();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("paylent:manage", body.GetProperty("scope").GetString());

        var token = body.GetProperty("access_token").GetString()!;
        var (header, payload) = Jose.Decode(token);
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("RS256", header.GetProperty("alg").GetString());

        // The header's bytes as RFC 9068 §2.1 shows them, for checks that compare text: no \u002B.
        var headerJson = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));
        Assert.Contains("\"typ\":\"at+jwt\"", headerJson, StringComparison.Ordinal);
        Assert.Equal("http://demo-test.localhost", payload.GetProperty("iss").GetString());
        Assert.Equal(Management, payload.GetProperty("sub").GetString());
        Assert.Equal(Management, payload.GetProperty("client_id").GetString());
        Assert.Equal("http://demo-test.localhost/api", payload.GetProperty("aud").GetString());
        Assert.Equal("paylent:manage", payload.GetProperty("scope").GetString());
        Assert.Equal(3600, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        Assert.True(payload.GetProperty("jti").GetString()!.Length >= 16);

        var jwks = await (await http.GetAsync("/.well-known/jwks.json")).JsonAsync();
        Assert.True(Jose.Verify(token, jwks));
        var otherJwks = await (await app.Client("demo-production.localhost").GetAsync("/.well-known/jwks.json")).JsonAsync();
        Assert.False(Jose.Verify(token, otherJwks));
    }

    /// <summary>
    /// The JOSE headers are exactly the bytes relying parties have always received, whoever writes them:
    /// alg, kid, typ in that order, unescaped (RFC 9068 §2.1 for the access token).
    /// </summary>
    [Fact]
    public async Task Access_and_id_token_headers_are_alg_kid_typ_byte_for_byte()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        var (_, tokens) = await flow.TokensForNewUserAsync();

        foreach (var (name, type) in new[] { ("access_token", "at+jwt"), ("id_token", "JWT") })
        {
            var token = tokens.GetProperty(name).GetString()!;
            var kid = Jose.Decode(token).Header.GetProperty("kid").GetString();
            var headerJson = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));
            Assert.Equal($$"""{"alg":"RS256","kid":"{{kid}}","typ":"{{type}}"}""", headerJson);
        }
    }

    [Fact]
    public async Task Client_secret_post_works_like_basic()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client("demo-test.localhost").PostFormAsync("/oauth/token",
        [
            new("grant_type", "client_credentials"), new("client_id", Management), new("client_secret", PaylentApp.ManagementSecret),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Requested_scopes_must_be_allowed_and_omitted_scopes_mean_all_allowed()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = await app.CreateClientAsync(scopes: ["orders:read", "orders:write", "openid"]);
        var http = app.Client("demo-test.localhost");
        var id = client.Client.ClientId;

        var narrowed = await (await http.ClientCredentialsAsync(id, client.ClientSecret!, ("scope", "orders:read"))).JsonAsync();
        var all = await (await http.ClientCredentialsAsync(id, client.ClientSecret!)).JsonAsync();
        var refused = await http.ClientCredentialsAsync(id, client.ClientSecret!, ("scope", "orders:read admin"));
        var userScope = await http.ClientCredentialsAsync(id, client.ClientSecret!, ("scope", "openid"));

        Assert.Equal("orders:read", narrowed.GetProperty("scope").GetString());
        Assert.Equal("orders:read orders:write", all.GetProperty("scope").GetString());
        Assert.Equal("invalid_scope", (await refused.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal("invalid_scope", (await userScope.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Resource_indicators_set_the_audience()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");
        var (id, secret) = await ClientWithResourcesAsync(app, "https://api.example/orders", "https://api.example/a", "https://api.example/b");

        var one = await http.AccessTokenAsync(id, secret, ("resource", "https://api.example/orders"));
        var two = await http.AccessTokenAsync(id, secret, ("resource", "https://api.example/a"), ("resource", "https://api.example/b"));
        var bad = await http.ClientCredentialsAsync(id, secret, ("resource", "https://api.example/#fragment"));

        Assert.Equal("https://api.example/orders", Jose.Decode(one).Payload.GetProperty("aud").GetString());
        Assert.Equal(["https://api.example/a", "https://api.example/b"], Jose.Decode(two).Payload.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("invalid_target", (await bad.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_client_without_the_grant_is_unauthorized()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = await app.CreateClientAsync(grantTypes: [GrantTypes.AuthorizationCode]);
        var publicClient = await app.CreateClientAsync(type: ClientType.Public, grantTypes: [GrantTypes.AuthorizationCode]);
        var http = app.Client("demo-test.localhost");

        var confidential = await http.ClientCredentialsAsync(client.Client.ClientId, client.ClientSecret!);
        var asPublic = await http.PostFormAsync("/oauth/token", [new("grant_type", "client_credentials"), new("client_id", publicClient.Client.ClientId)]);

        Assert.Equal("unauthorized_client", (await confidential.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, asPublic.StatusCode);
        Assert.Equal("unauthorized_client", (await asPublic.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Bad_client_credentials_get_401_with_a_challenge_however_they_were_sent()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");

        var basic = await http.ClientCredentialsAsync(Management, "wrong");
        var post = await http.PostFormAsync("/oauth/token", [new("grant_type", "client_credentials"), new("client_id", Management), new("client_secret", "wrong")]);
        var unknown = await http.ClientCredentialsAsync("nobody", "wrong");
        var noSecret = await http.PostFormAsync("/oauth/token", [new("grant_type", "client_credentials"), new("client_id", Management)]);

        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.StartsWith("Basic", basic.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_client", (await basic.JsonAsync()).GetProperty("error").GetString());
        // RFC 9110 §15.5.2: every 401 names a scheme; RFC 6749 §5.2: the one to use is Basic.
        foreach (var response in new[] { post, unknown, noSecret })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic realm=\"paylent\", charset=\"UTF-8\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal("invalid_client", (await response.JsonAsync()).GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task A_token_of_one_environment_cannot_be_had_with_another_environments_client()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var client = await app.CreateClientAsync("production");

        var response = await app.Client("demo-test.localhost").ClientCredentialsAsync(client.Client.ClientId, client.ClientSecret!);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Opaque_clients_get_random_tokens_that_only_introspection_explains(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var client = await app.CreateClientAsync(format: TokenFormat.Opaque);
        var http = app.Client("demo-test.localhost");

        var token = await http.AccessTokenAsync(client.Client.ClientId, client.ClientSecret!, ("scope", "orders:read"));

        Assert.DoesNotContain('.', token);
        Assert.Equal(43, token.Length);
        var introspection = await http.IntrospectAsync(token, client.Client.ClientId, client.ClientSecret!);
        Assert.True(introspection.GetProperty("active").GetBoolean());
        Assert.Equal(client.Client.ClientId, introspection.GetProperty("client_id").GetString());
        Assert.Equal("orders:read", introspection.GetProperty("scope").GetString());
        var stored = await app.InEnvironmentAsync("test", sp => Task.FromResult(
            sp.GetRequiredService<PaylentDbContext>().OpaqueAccessTokens.Select(t => t.TokenHash).ToList()));
        Assert.DoesNotContain(token, stored);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_resource_the_client_does_not_own_is_invalid_target(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var http = app.Client("demo-test.localhost");
        var (id, secret) = await ClientWithResourcesAsync(app, "https://api.example/orders");

        var owned = await http.ClientCredentialsAsync(id, secret, ("resource", "https://api.example/orders"));
        var another = await http.ClientCredentialsAsync(id, secret, ("resource", "https://api.example/payroll"));
        var mixed = await http.ClientCredentialsAsync(id, secret, ("resource", "https://api.example/orders"), ("resource", "https://api.example/payroll"));
        var byManagement = await http.ClientCredentialsAsync(Management, PaylentApp.ManagementSecret, ("resource", "https://api.example/orders"));

        Assert.Equal(HttpStatusCode.OK, owned.StatusCode);
        foreach (var refused in new[] { another, mixed, byManagement })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("invalid_target", (await refused.JsonAsync()).GetProperty("error").GetString());
        }
    }

    private static async Task<(string Id, string Secret)> ClientWithResourcesAsync(PaylentApp app, params string[] resources)
    {
        var created = await app.SendAsync("test", new Paylent.Application.OAuth.Clients.CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
            "Orders client", [], [], [GrantTypes.ClientCredentials], ["orders:read"]) { AllowedResources = resources }));
        return (created.Client.ClientId, created.ClientSecret!);
    }
}
