using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.OAuth;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

[Collection(AppsCollection.Name)]
public sealed class IntrospectionAndRevocationTests(Apps apps)
{
    private const string Management = OAuthClient.ManagementClientId;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Introspection_describes_an_active_jwt(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var http = app.Client("demo-test.localhost");
        var token = await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);

        var result = await http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret);

        Assert.True(result.GetProperty("active").GetBoolean());
        Assert.Equal("paylent:manage", result.GetProperty("scope").GetString());
        Assert.Equal(Management, result.GetProperty("client_id").GetString());
        Assert.Equal(Management, result.GetProperty("sub").GetString());
        Assert.Equal("http://demo-test.localhost", result.GetProperty("iss").GetString());
        Assert.Equal("Bearer", result.GetProperty("token_type").GetString());
        Assert.Equal(Jose.Decode(token).Payload.GetProperty("jti").GetString(), result.GetProperty("jti").GetString());
        Assert.True(result.GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_users_tokens_introspect_active_only_for_the_client_they_were_issued_to(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var bystander = await app.CreateClientAsync();
        foreach (var format in new[] { TokenFormat.Jwt, TokenFormat.Opaque })
        {
            var flow = await CodeFlow.StartAsync(app, format: format);
            var (_, tokens) = await flow.TokensForNewUserAsync();
            var accessToken = tokens.GetProperty("access_token").GetString()!;
            var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

            Assert.True(await flow.IsActiveAsync(accessToken), $"{format} access token, its own client");
            Assert.True(await flow.IsActiveAsync(refreshToken), $"{format} refresh token, its own client");
            foreach (var (id, secret) in new[] { (bystander.Client.ClientId, bystander.ClientSecret!), (Management, PaylentApp.ManagementSecret) })
            {
                // RFC 7662 §4: the same answer as for an unknown token, nothing more.
                foreach (var token in new[] { accessToken, refreshToken })
                {
                    var result = await flow.Http.IntrospectAsync(token, id, secret);
                    Assert.False(result.GetProperty("active").GetBoolean(), $"{format} token introspected by {id}");
                    Assert.Single(result.EnumerateObject());
                }
            }
        }
    }

    public static TheoryData<string> Unusable => new()
    {
        "not-a-token",
        "a.b.c",
        "eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4In0.",
        new string('x', 8000),
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task Malformed_unknown_or_unsigned_tokens_are_inactive(string token)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var result = await app.Client("demo-test.localhost").IntrospectAsync(token, Management, PaylentApp.ManagementSecret);

        Assert.False(result.GetProperty("active").GetBoolean());
        Assert.Single(result.EnumerateObject());
    }

    /// <summary>JWS-shaped tokens that test the JWT library's parser rather than its signature check.</summary>
    public static TheoryData<string> Garbled => new()
    {
        Jws("[]", "{}"),
        Jws("""{"alg":"RS256","kid":1,"typ":"at+jwt"}""", "{}"),
        Jws("""{"alg":"RS256","typ":"at+jwt"}""", """{"exp":"later","jti":"x","client_id":"x"}"""),
        Jws("""{"alg":"RS256","kid":"x","typ":"at+jwt","crit":["b64"],"b64":false}""", "{}"),
        Jws("""{"alg":"RSA-OAEP","enc":"A256GCM","kid":"x"}""", "{}"),
        Jws("{", "{"),
        Jws("\"at+jwt\"", "null"),
        "eyJ.eyJ.eyJ",
        "!!!.###.$$$",
        "..",
    };

    [Theory]
    [MemberData(nameof(Garbled))]
    public async Task Tokens_the_jwt_library_cannot_parse_are_inactive_401_and_no_hint_never_a_500(string token)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);

        var result = await flow.Http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret);
        Assert.False(result.GetProperty("active").GetBoolean());
        Assert.Single(result.EnumerateObject());

        var userInfo = await flow.UserInfoAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        Assert.Contains("error=\"invalid_token\"", userInfo.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var call = new HttpRequestMessage(HttpMethod.Get, "/api/signing-keys");
        call.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var api = await app.Client().SendAsync(call);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.StartsWith("Bearer realm=\"paylent\"", api.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("id_token_hint", token))), "invalid_request");
    }

    private static string Jws(string header, string payload) =>
        $"{Base64Url(header)}.{Base64Url(payload)}.{Base64Url("not a signature")}";

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(text));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_of_another_environment_is_inactive(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var token = await app.Client("demo-test.localhost").AccessTokenAsync(Management, PaylentApp.ManagementSecret);

        var result = await app.Client("demo-production.localhost").IntrospectAsync(token, Management, PaylentApp.ManagementSecret);

        Assert.False(result.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task An_expired_jwt_is_inactive()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var now = DateTime.UtcNow;
        var expired = await app.InEnvironmentAsync("test", sp => sp.GetRequiredService<ITokenSigner>().SignAsync(
            new AccessTokenClaims("http://demo-test.localhost", Management, Management, ["http://demo-test.localhost"], "paylent:manage",
                now.AddHours(-2), now.AddHours(-1), "expired-jti"),
            SigningAlgorithms.Rs256, CancellationToken.None));

        var result = await app.Client("demo-test.localhost").IntrospectAsync(expired, Management, PaylentApp.ManagementSecret);

        Assert.False(result.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_jwt_used_while_valid_is_refused_once_it_expires_however_often_it_was_verified()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null, clock);
        var http = app.Client("demo-test.localhost");
        var token = await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var expiresAt = Jose.Decode(token).Payload.GetProperty("exp").GetInt64();
        async Task<bool> ActiveAsync() => (await http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean();
        Task<HttpResponseMessage> CallApiAsync() => http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/signing-keys") { Headers = { Authorization = new("Bearer", token) } });

        // Verified once, then remembered by its key set: every later use still checks the expiry.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await ActiveAsync());
            Assert.Equal(HttpStatusCode.OK, (await CallApiAsync()).StatusCode);
        }

        clock.Advance(DateTimeOffset.FromUnixTimeSeconds(expiresAt) - clock.GetUtcNow());

        Assert.False(await ActiveAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallApiAsync()).StatusCode);
    }

    [Fact]
    public async Task Introspection_requires_an_authenticated_confidential_client()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");
        var token = await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var publicClient = await app.CreateClientAsync(type: ClientType.Public, grantTypes: [GrantTypes.AuthorizationCode]);

        var anonymous = await http.PostFormAsync("/oauth/introspect", [new("token", token)]);
        var wrongSecret = await http.PostFormAsync("/oauth/introspect", [new("token", token)], (Management, "wrong"));
        var asPublic = await http.PostFormAsync("/oauth/introspect", [new("token", token), new("client_id", publicClient.Client.ClientId)]);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asPublic.StatusCode);
        Assert.Equal("invalid_client", (await asPublic.JsonAsync()).GetProperty("error").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_jwt_is_denied_by_introspection(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var http = app.Client("demo-test.localhost");
        var token = await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);

        var revoke = await http.PostFormAsync("/oauth/revoke", [new("token", token), new("token_type_hint", "access_token")], (Management, PaylentApp.ManagementSecret));
        var again = await http.PostFormAsync("/oauth/revoke", [new("token", token)], (Management, PaylentApp.ManagementSecret));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tokens_revoked_by_several_requests_at_once_answer_200_to_each(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var http = app.Client("demo-test.localhost");
        var opaqueClient = await app.CreateClientAsync(format: TokenFormat.Opaque);
        var jwt = await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var opaque = await http.AccessTokenAsync(opaqueClient.Client.ClientId, opaqueClient.ClientSecret!);

        // RFC 7009 §2.2: revoking a token already revoked is a success, also when the other revocation is still running.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).SelectMany(_ => new[]
        {
            http.PostFormAsync("/oauth/revoke", [new("token", jwt)], (Management, PaylentApp.ManagementSecret)),
            http.PostFormAsync("/oauth/revoke", [new("token", opaque)], (opaqueClient.Client.ClientId, opaqueClient.ClientSecret!)),
        }));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.False((await http.IntrospectAsync(jwt, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
        Assert.False((await http.IntrospectAsync(opaque, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_opaque_token_is_gone(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var client = await app.CreateClientAsync(format: TokenFormat.Opaque);
        var http = app.Client("demo-test.localhost");
        var token = await http.AccessTokenAsync(client.Client.ClientId, client.ClientSecret!);

        var revoke = await http.PostFormAsync("/oauth/revoke", [new("token", token)], (client.Client.ClientId, client.ClientSecret!));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False((await http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revoking_an_unknown_token_succeeds_and_another_clients_token_is_refused()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");
        var other = await app.CreateClientAsync();
        var managementToken = await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);

        var unknown = await http.PostFormAsync("/oauth/revoke", [new("token", "never-issued")], (Management, PaylentApp.ManagementSecret));
        var foreign = await http.PostFormAsync("/oauth/revoke", [new("token", managementToken)], (other.Client.ClientId, other.ClientSecret!));

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal("invalid_request", (await foreign.JsonAsync()).GetProperty("error").GetString());
        Assert.True((await http.IntrospectAsync(managementToken, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_client_deactivates_its_tokens_of_both_formats(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var http = app.Client("demo-test.localhost");
        var jwtClient = await app.CreateClientAsync();
        var opaqueClient = await app.CreateClientAsync(format: TokenFormat.Opaque);
        var jwt = await http.AccessTokenAsync(jwtClient.Client.ClientId, jwtClient.ClientSecret!);
        var opaque = await http.AccessTokenAsync(opaqueClient.Client.ClientId, opaqueClient.ClientSecret!);

        await app.SendAsync("test", new Paylent.Application.OAuth.Clients.DeleteOAuthClient(jwtClient.Client.Id));
        await app.SendAsync("test", new Paylent.Application.OAuth.Clients.DeleteOAuthClient(opaqueClient.Client.Id));

        Assert.False((await http.IntrospectAsync(jwt, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
        Assert.False((await http.IntrospectAsync(opaque, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }
}
