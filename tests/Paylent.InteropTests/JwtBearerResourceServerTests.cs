using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.InteropTests;

/// <summary>
/// ASP.NET Core's JwtBearer handler, code we did not write, as the resource server of a Paylent client:
/// it must accept Paylent's access tokens through discovery and JWKS alone, refuse every token it
/// should, and follow a signing-key rotation as seed 001 describes it.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class JwtBearerResourceServerTests(InteropApps apps)
{
    private const string Audience = "https://orders.example/api";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accepts_a_valid_token_and_refuses_tampered_foreign_audience_other_environment_and_expired_ones(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        using var api = await LoopbackApi.ConnectAsync(app);
        var (clientId, secret) = await CreateServiceClientAsync(api);
        var token = await api.ClientCredentialsTokenAsync(clientId, secret);
        await using var server = await ResourceServer.StartAsync(api.IssuerString, Audience);

        using (var accepted = await server.GetOrdersAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            var body = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(clientId, body.GetProperty("client_id").GetString());
            Assert.Equal("orders:read", body.GetProperty("scope").GetString());
        }

        await AssertRefusedAsync(server, Tampered(token, "scope", "orders:read orders:admin"), "signature");

        // The management client's token is for Paylent's own API (its audience is {issuer}/api), not this one.
        await AssertRefusedAsync(server, await api.ClientCredentialsTokenAsync(LoopbackApi.ManagementClientId, PaylentApp.ManagementSecret), "audience");

        // Same audience, but issued by the production environment: another issuer with other keys.
        using var production = await LoopbackApi.ConnectAsync(app, "production");
        var (productionId, productionSecret) = await CreateServiceClientAsync(production);
        await AssertRefusedAsync(server, await production.ClientCredentialsTokenAsync(productionId, productionSecret), null);

        // An expired token of this environment: issued by an instance on the same database whose clock
        // runs behind by more than the client's 60-second lifetime and JwtBearer's 5-minute skew.
        await AssertRefusedAsync(server, await ExpiredTokenAsync(app, clientId, secret), "expired");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Follows_a_key_rotation_accepting_the_new_key_at_once_and_the_old_until_it_is_deactivated(DatabaseProvider provider)
    {
        // Its own Paylent: rotating the environment's keys would disturb the other tests of the collection.
        await using var app = await PaylentApp.StartListeningAsync(provider);
        using var api = await LoopbackApi.ConnectAsync(app);
        var (clientId, secret) = await CreateServiceClientAsync(api);
        var oldToken = await api.ClientCredentialsTokenAsync(clientId, secret);
        var oldKid = new JsonWebToken(oldToken).Kid;
        await using var server = await ResourceServer.StartAsync(api.IssuerString, Audience);
        Assert.Equal(HttpStatusCode.OK, (await server.GetOrdersAsync(oldToken)).StatusCode);

        // POST /api/signing-keys: a new primary key; new tokens carry its kid, unknown to the resource
        // server, which refetches discovery and JWKS on an unknown kid (RefreshOnIssuerKeyNotFound).
        using var generated = await api.SendAsync(HttpMethod.Post, "/api/signing-keys");
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var newKid = JsonDocument.Parse(await generated.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("attributes").GetProperty("kid").GetString();
        var newToken = await api.ClientCredentialsTokenAsync(clientId, secret);
        Assert.Equal(newKid, new JsonWebToken(newToken).Kid);
        Assert.NotEqual(oldKid, newKid);

        // The handler's refresh may run in the background after the request that asked for it, so
        // the first request with the new kid may still be refused: poll with a deadline.
        await EventuallyAsync(async () => (await server.GetOrdersAsync(newToken)).StatusCode == HttpStatusCode.OK, "the new key's token was never accepted");
        Assert.Equal(HttpStatusCode.OK, (await server.GetOrdersAsync(oldToken)).StatusCode);
        // The environment's ES256 key is in JWKS too, untouched by an RS256 rotation.
        var ecKid = await Es256KidAsync(api);
        var kids = (await server.Metadata.GetConfigurationAsync(CancellationToken.None)).SigningKeys.Select(k => k.KeyId).ToHashSet();
        Assert.Equal(new HashSet<string> { oldKid, newKid!, ecKid }, kids);

        // Deactivate the old key: Paylent drops it from JWKS.
        var oldKeyId = await KeyIdAsync(api, oldKid!);
        using var deactivated = await api.SendAsync(HttpMethod.Patch, $"/api/signing-keys/{oldKeyId}/deactivate");
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);

        // JwtBearer still holds the old key until its next automatic refresh (AutomaticRefreshInterval:
        // 12 hours by default, 5 minutes at the least, which a test cannot wait for). Asking the handler's
        // own ConfigurationManager to refresh stands in for that; the refetch itself is the library's.
        await EventuallyAsync(async () =>
        {
            server.Metadata.RequestRefresh();
            return (await server.GetOrdersAsync(oldToken)).StatusCode == HttpStatusCode.Unauthorized;
        }, "the deactivated key's token was still accepted after a refresh");
        Assert.Equal(HttpStatusCode.OK, (await server.GetOrdersAsync(newToken)).StatusCode);
        kids = (await server.Metadata.GetConfigurationAsync(CancellationToken.None)).SigningKeys.Select(k => k.KeyId).ToHashSet();
        Assert.Equal(new HashSet<string> { newKid!, ecKid }, kids);
    }

    /// <summary>
    /// A client registered for ES256: JwtBearer verifies its access tokens with the P-256 key it finds in
    /// JWKS (RFC 7518 §3.4 signatures), and refuses the same token relabelled RS256 or stripped to <c>none</c>.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accepts_an_es256_access_token_and_refuses_it_relabelled(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        using var api = await LoopbackApi.ConnectAsync(app);
        var (clientId, secret) = await CreateServiceClientAsync(api, "ES256");
        var token = await api.ClientCredentialsTokenAsync(clientId, secret);
        var jwt = new JsonWebToken(token);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal(await Es256KidAsync(api), jwt.Kid);
        await using var server = await ResourceServer.StartAsync(api.IssuerString, Audience);

        using (var accepted = await server.GetOrdersAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal(clientId, JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("client_id").GetString());
        }

        await AssertRefusedAsync(server, Tampered(token, "scope", "orders:read orders:admin"), "signature");
        await AssertRefusedAsync(server, Relabelled(token, "RS256"), null);
        await AssertRefusedAsync(server, Relabelled(token, "none", keepSignature: false), null);
    }

    private static async Task<(string ClientId, string Secret)> CreateServiceClientAsync(LoopbackApi api, string algorithm = "RS256")
    {
        var client = await api.CreateAsync("/api/oauth-clients", "oauth_client", new Dictionary<string, object?>
        {
            ["name"] = "Orders service",
            ["client_type"] = "confidential",
            ["grant_types"] = new[] { "client_credentials" },
            ["allowed_scopes"] = new[] { "orders:read" },
            ["token_format"] = "jwt",
            ["access_token_lifetime"] = 60,
            ["default_audience"] = Audience,
            ["id_token_signed_response_alg"] = algorithm,
        });
        return (client.Attribute("client_id"), client.Attribute("client_secret"));
    }

    private static async Task<string> ExpiredTokenAsync(PaylentApp app, string clientId, string secret)
    {
        await using var instance = PaylentApp.Start(app.Database);
        await using var behind = instance.WithWebHostBuilder(builder => builder.ConfigureTestServices(
            services => services.AddSingleton<TimeProvider>(new ShiftedClock(TimeSpan.FromMinutes(-10)))));

        // The in-memory host sees the listening one's Host header, so the token names the same issuer.
        using var http = behind.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = app.Url("demo-test.localhost") });
        var token = await LoopbackApi.TokenAsync(http, clientId, secret);
        Assert.True(new JsonWebToken(token).ValidTo < DateTime.UtcNow.AddMinutes(-5));
        return token;
    }

    private static async Task<string> KeyIdAsync(LoopbackApi api, string kid)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/signing-keys");
        var keys = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        return keys.EnumerateArray().Single(k => k.GetProperty("attributes").GetProperty("kid").GetString() == kid).GetProperty("id").GetString()!;
    }

    private static async Task<string> Es256KidAsync(LoopbackApi api)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/signing-keys");
        var keys = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        return keys.EnumerateArray().Select(k => k.GetProperty("attributes"))
            .Single(k => k.GetProperty("algorithm").GetString() == "ES256" && k.GetProperty("status").GetString() == "primary")
            .GetProperty("kid").GetString()!;
    }

    /// <summary>The token with its header's alg replaced, its signature kept (or dropped, as an unsecured JWS has none).</summary>
    private static string Relabelled(string token, string alg, bool keepSignature = true)
    {
        var parts = token.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        header["alg"] = alg;
        return $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{parts[1]}.{(keepSignature ? parts[2] : string.Empty)}";
    }

    private static async Task AssertRefusedAsync(ResourceServer server, string token, string? reason)
    {
        using var response = await server.GetOrdersAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        // RFC 6750 §3.1, as JwtBearer writes it (with its error details on, the default).
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        if (reason is not null)
        {
            Assert.Contains(reason, challenge, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The token with one claim changed and the original signature kept.</summary>
    private static string Tampered(string token, string claim, string value)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload[claim] = value;
        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(250);
        }
    }

    /// <summary>A clock some time ahead or behind.</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
