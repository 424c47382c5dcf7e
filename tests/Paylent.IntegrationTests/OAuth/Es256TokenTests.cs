using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// ES256 beside RS256: the P-256 key in JWKS (RFC 7518 §6.2), clients that choose ES256
/// (<c>id_token_signed_response_alg</c>) getting ES256 ID and access tokens, and a token's <c>alg</c>
/// held to its key's (RFC 8725 §3.1).
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class Es256TokenTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Jwks_publishes_the_es256_primary_as_a_p256_key_with_fixed_length_coordinates(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var primary = (await app.SendAsync("test", new ListSigningKeys())).Single(k => k.Algorithm == "ES256" && k.Status == SigningKeyStatus.Primary);

        var keys = (await (await app.Client().GetAsync("/.well-known/jwks.json")).JsonAsync()).GetProperty("keys").EnumerateArray().ToList();

        Assert.Equal("RSA", keys[0].GetProperty("kty").GetString());
        var ec = Assert.Single(keys, k => k.GetProperty("kty").GetString() == "EC");
        Assert.Equal(["alg", "crv", "kid", "kty", "use", "x", "y"], ec.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("P-256", ec.GetProperty("crv").GetString());
        Assert.Equal("ES256", ec.GetProperty("alg").GetString());
        Assert.Equal("sig", ec.GetProperty("use").GetString());
        Assert.Equal(primary.Kid, ec.GetProperty("kid").GetString());
        Assert.Equal(11, primary.Kid.Length);
        Assert.Equal(32, Jose.Bytes(ec, "x").Length);
        Assert.Equal(32, Jose.Bytes(ec, "y").Length);

        // The kid is the RFC 7638 thumbprint's first 64 bits, as for RSA keys.
        var thumbprint = SHA256.HashData(Encoding.UTF8.GetBytes(
            $$"""{"crv":"P-256","kty":"EC","x":"{{ec.GetProperty("x").GetString()}}","y":"{{ec.GetProperty("y").GetString()}}"}"""));
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(thumbprint.AsSpan(0, 8)), primary.Kid);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_client_that_chose_es256_gets_es256_id_and_access_tokens_that_verify_against_jwks(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, algorithm: SigningAlgorithms.Es256);
        var ecKid = (await app.SendAsync("test", new ListSigningKeys())).Single(k => k.Algorithm == "ES256" && k.Status == SigningKeyStatus.Primary).Kid;

        var (email, tokens) = await flow.TokensForNewUserAsync();

        var jwks = await (await app.Client().GetAsync("/.well-known/jwks.json")).JsonAsync();
        var idToken = tokens.GetProperty("id_token").GetString()!;
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        foreach (var (token, type) in new[] { (idToken, "JWT"), (accessToken, "at+jwt") })
        {
            var (header, _) = Jose.Decode(token);
            Assert.Equal("ES256", header.GetProperty("alg").GetString());
            Assert.Equal(ecKid, header.GetProperty("kid").GetString());
            Assert.Equal(type, header.GetProperty("typ").GetString());
            Assert.Equal(64, System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[2]).Length);
            Assert.True(Jose.Verify(token, jwks));
        }

        // OIDC Core §3.1.3.6: ES256's hash is SHA-256, so at_hash is as for RS256.
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(hash.AsSpan(0, 16)), Jose.Decode(idToken).Payload.GetProperty("at_hash").GetString());
        Assert.Equal(email, Jose.Decode(idToken).Payload.GetProperty("email").GetString());

        // Paylent reads its own ES256 tokens back: introspection, userinfo, a refresh, logout by id_token_hint.
        Assert.True(await flow.IsActiveAsync(accessToken));
        Assert.Equal(HttpStatusCode.OK, (await flow.UserInfoAsync(accessToken)).StatusCode);
        var refreshed = await (await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).JsonAsync();
        Assert.Equal("ES256", Jose.Decode(refreshed.GetProperty("id_token").GetString()!).Header.GetProperty("alg").GetString());
        var logout = await flow.Http.GetAsync(
            $"/oauth/logout?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString(CodeFlow.PostLogoutRedirectUri)}&state=bye");
        Assert.Equal(CodeFlow.PostLogoutRedirectUri + "?state=bye", logout.Headers.Location?.OriginalString);
        Assert.False(await flow.IsActiveAsync(accessToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_client_registered_for_es256_through_the_api_gets_es256_client_credentials_tokens_and_the_change_is_audited(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var created = await api.PostAsync("/api/oauth-clients", ApiClient.Resource("oauth_client", new { name = "ES256 backend", allowed_scopes = new[] { "orders:read" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = (await created.JsonAsync()).GetProperty("data");
        Assert.Equal("RS256", client.GetProperty("attributes").GetProperty("id_token_signed_response_alg").GetString());
        var (id, clientId) = (client.GetProperty("id").GetString(), client.GetProperty("attributes").GetProperty("client_id").GetString()!);
        var secret = client.GetProperty("attributes").GetProperty("client_secret").GetString()!;
        var http = app.Client();
        Assert.Equal("RS256", Jose.Decode(await http.AccessTokenAsync(clientId, secret)).Header.GetProperty("alg").GetString());

        var updated = await api.PatchAsync($"/api/oauth-clients/{id}", ApiClient.Resource("oauth_client", new { id_token_signed_response_alg = "ES256" }));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("ES256", (await updated.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("id_token_signed_response_alg").GetString());
        var token = await http.AccessTokenAsync(clientId, secret);
        Assert.Equal("ES256", Jose.Decode(token).Header.GetProperty("alg").GetString());
        Assert.True(Jose.Verify(token, await (await http.GetAsync("/.well-known/jwks.json")).JsonAsync()));
        Assert.True((await http.IntrospectAsync(token, clientId, secret)).GetProperty("active").GetBoolean());

        var trail = await (await api.GetAsync($"/api/audit-events?filter[action]=oauth_client.updated&filter[target_id]={id}")).JsonAsync();
        var change = trail.GetProperty("data")[0].GetProperty("attributes").GetProperty("changes").GetProperty("id_token_signed_response_alg");
        Assert.Equal("RS256", change.GetProperty("from").GetString());
        Assert.Equal("ES256", change.GetProperty("to").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_client_signing_algorithm_other_than_rs256_or_es256_is_a_422_pointing_at_it(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);

        foreach (var algorithm in new object?[] { "PS256", "none", "HS256", "es256", "", null, 256 })
        {
            var refused = await api.PostAsync("/api/oauth-clients", ApiClient.Resource("oauth_client",
                new Dictionary<string, object?> { ["name"] = "Bad alg", ["id_token_signed_response_alg"] = algorithm }));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var error = (await refused.JsonAsync()).GetProperty("errors")[0];
            Assert.Equal("/data/attributes/id_token_signed_response_alg", error.GetProperty("source").GetProperty("pointer").GetString());
        }
    }

    /// <summary>RFC 8725 §3.1: the key named by kid decides the algorithm; a header that says otherwise is refused.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_whose_alg_is_not_its_keys_is_refused_everywhere_paylent_reads_its_tokens(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, algorithm: SigningAlgorithms.Es256);
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var ecAccess = tokens.GetProperty("access_token").GetString()!;
        var ecId = tokens.GetProperty("id_token").GetString()!;
        var jwks = await (await app.Client().GetAsync("/.well-known/jwks.json")).JsonAsync();
        var ecJwk = jwks.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kty").GetString() == "EC");
        var rsaAccess = await app.Client().AccessTokenAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret);
        Assert.True(await flow.IsActiveAsync(ecAccess));

        // HS256 keyed with the public key as its secret: the classic confusion, with the EC key's JWK and its point.
        var ecPoint = new byte[] { 4 }.Concat(Jose.Bytes(ecJwk, "x")).Concat(Jose.Bytes(ecJwk, "y")).ToArray();
        var forgedAccess = new[]
        {
            Rewritten(ecAccess, "RS256"),
            Rewritten(ecAccess, "none", signature: string.Empty),
            Rewritten(ecAccess, "HS256", hmacKey: Encoding.UTF8.GetBytes(ecJwk.GetRawText())),
            Rewritten(ecAccess, "HS256", hmacKey: ecPoint),
            Rewritten(ecAccess, "ES384"),
            DerSigned(ecAccess),
        };
        foreach (var forged in forgedAccess)
        {
            Assert.False(await flow.IsActiveAsync(forged), forged);
            Assert.Equal(HttpStatusCode.Unauthorized, (await flow.UserInfoAsync(forged)).StatusCode);
        }

        // An RS256 token relabelled ES256, and a management API call with it.
        var relabelled = Rewritten(rsaAccess, "ES256");
        using var call = new HttpRequestMessage(HttpMethod.Get, "/api/signing-keys");
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", relabelled);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().SendAsync(call)).StatusCode);

        // An ES256 ID token relabelled RS256 is no id_token_hint.
        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("id_token_hint", Rewritten(ecId, "RS256")))), "invalid_request");
        Assert.True(await flow.IsActiveAsync(ecAccess));
    }

    /// <summary>The token with its header's <c>alg</c> replaced; its signature kept, removed, or an HMAC under <paramref name="hmacKey"/>.</summary>
    private static string Rewritten(string jwt, string alg, string? signature = null, byte[]? hmacKey = null)
    {
        var parts = jwt.Split('.');
        var header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]))!;
        var rewritten = header.ToDictionary(p => p.Key, p => (object)(p.Key == "alg" ? alg : p.Value.GetString()!));
        var input = System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(rewritten)) + "." + parts[1];
        if (hmacKey is not null)
        {
            signature = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(hmacKey, Encoding.ASCII.GetBytes(input)));
        }

        return $"{input}.{signature ?? parts[2]}";
    }

    /// <summary>The same ES256 signature in DER form (RFC 3279), as a JWS library that forgot RFC 7518 §3.4 would send it.</summary>
    private static string DerSigned(string jwt)
    {
        var parts = jwt.Split('.');
        var raw = System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]);
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(raw.AsSpan(0, 32));
            writer.WriteIntegerUnsigned(raw.AsSpan(32, 32));
        }

        return $"{parts[0]}.{parts[1]}.{System.Buffers.Text.Base64Url.EncodeToString(writer.Encode())}";
    }
}
