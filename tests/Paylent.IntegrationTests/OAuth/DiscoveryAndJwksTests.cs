using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

[Collection(AppsCollection.Name)]
public sealed class DiscoveryAndJwksTests(Apps apps)
{
    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Discovery_advertises_the_issuer_and_every_implemented_endpoint(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client("demo-test.localhost").GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.JsonAsync();
        Assert.Equal("http://demo-test.localhost", document.GetProperty("issuer").GetString());
        Assert.Equal("http://demo-test.localhost/oauth/token", document.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://demo-test.localhost/.well-known/jwks.json", document.GetProperty("jwks_uri").GetString());
        Assert.Equal("http://demo-test.localhost/oauth/introspect", document.GetProperty("introspection_endpoint").GetString());
        Assert.Equal("http://demo-test.localhost/oauth/revoke", document.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(["S256"], document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("client_credentials", document.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("client_secret_basic", document.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("client_secret_post", document.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("paylent:manage", document.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["RS256", "ES256"], document.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["RS256", "ES256"], document.GetProperty("access_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    [InlineData("/.well-known/jwks.json")]
    public async Task Head_answers_like_get_without_a_body(string path)
    {
        var http = (await apps.On(DatabaseProvider.Sqlite)).Client("demo-test.localhost");
        var get = await http.GetAsync(path);

        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/json", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal((await get.Content.ReadAsByteArrayAsync()).Length, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Each_environment_host_is_its_own_issuer()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var production = await (await app.Client("demo-production.localhost:8443").GetAsync("/.well-known/openid-configuration")).JsonAsync();

        // The host the environment is known by; the Host header's port is the client's to invent (PublicOriginTests).
        Assert.Equal("http://demo-production.localhost", production.GetProperty("issuer").GetString());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("nope-test.localhost")]
    public async Task Protocol_endpoints_are_not_served_outside_environment_hosts(string host)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(host).GetAsync("/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(host).GetAsync("/.well-known/jwks.json")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Jwks_publishes_the_primary_rsa_key_with_cache_headers_and_an_etag(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var client = app.Client("demo-test.localhost");

        var response = await client.GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var key = Assert.Single((await response.JsonAsync()).GetProperty("keys").EnumerateArray(), k => k.GetProperty("kty").GetString() == "RSA");
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("AQAB", key.GetProperty("e").GetString());
        Assert.Equal(11, key.GetProperty("kid").GetString()!.Length);
        Assert.False(key.TryGetProperty("d", out _));

        var again = new HttpRequestMessage(HttpMethod.Get, "/.well-known/jwks.json");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Environments_publish_different_keys()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var test = await (await app.Client("demo-test.localhost").GetAsync("/.well-known/jwks.json")).JsonAsync();
        var production = await (await app.Client("demo-production.localhost").GetAsync("/.well-known/jwks.json")).JsonAsync();

        Assert.NotEqual(
            test.GetProperty("keys")[0].GetProperty("kid").GetString(),
            production.GetProperty("keys")[0].GetProperty("kid").GetString());
    }

    [Fact]
    public async Task Default_signing_keys_are_rsa_4096()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:SigningKeys:KeySize"] = null });

        var jwks = await (await app.Client("demo-test.localhost").GetAsync("/.well-known/jwks.json")).JsonAsync();

        Assert.Equal(4096, Jose.ModulusBits(jwks.GetProperty("keys")[0]));
    }
}
