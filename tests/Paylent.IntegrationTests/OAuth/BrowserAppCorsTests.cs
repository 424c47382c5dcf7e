using System.Net;
using System.Net.Http.Headers;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// CORS for apps in a browser (docs/oauth.md, "Browser apps (CORS)"): discovery and JWKS to anyone;
/// the token, revocation and userinfo answers to the origin of one of the client's redirect URIs only,
/// errors included; preflights for any origin; introspection never; never with credentials.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class BrowserAppCorsTests(Apps apps)
{
    public const string SpaRedirectUri = "https://spa.example/callback";
    public const string SpaOrigin = "https://spa.example";

    private const string AllowOrigin = "Access-Control-Allow-Origin";

    public static TheoryData<string> NoOrigins => new()
    {
        "null",
        "garbage",
        "https://spa.example/",
        "https://spa.example/callback",
        "https://spa.example:443",
        "https://user@spa.example",
        "https://spa.example\u0001",
        "https://spa.example, https://spa.example",
        "https://" + new string('a', 5000) + ".example",
        "",
    };

    [Theory]
    [InlineData("/oauth/token", "POST", "POST")]
    [InlineData("/oauth/revoke", "POST", "POST")]
    [InlineData("/oauth/userinfo", "GET", "GET, POST")]
    [InlineData("/oauth/userinfo", "POST", "GET, POST")]
    public async Task A_preflight_is_answered_for_any_origin_the_actual_answer_decides(string path, string method, string methods)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client().SendAsync(Preflight(path, "https://anywhere.example", method));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://anywhere.example", Header(response, AllowOrigin));
        Assert.Equal(methods, Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("Authorization, Content-Type", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/oauth/token", "https://spa.example", null)]
    [InlineData("/oauth/token", null, "POST")]
    [InlineData("/oauth/token", null, null)]
    [InlineData("/oauth/revoke", null, null)]
    [InlineData("/oauth/userinfo", "https://spa.example", null)]
    [InlineData("/oauth/introspect", "https://spa.example", "POST")]
    [InlineData("/oauth/introspect", null, null)]
    public async Task An_options_request_that_is_no_preflight_is_405_as_before_and_introspection_takes_none(string path, string? origin, string? method)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client().SendAsync(Preflight(path, origin, method));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Null(Header(response, AllowOrigin));
    }

    [Theory]
    [InlineData("/oauth/token", "DELETE")]
    [InlineData("/oauth/revoke", "GET")]
    [InlineData("/oauth/userinfo", "PUT")]
    public async Task A_preflight_for_a_method_the_endpoint_does_not_take_gets_no_permission(string path, string method)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client().SendAsync(Preflight(path, SpaOrigin, method));

        // Routing finds no endpoint for that preflight (ASP.NET Core answers 404 there, not 405): the browser sends nothing.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(Header(response, AllowOrigin));
    }

    [Theory]
    [InlineData("localhost", "/oauth/token")]
    [InlineData("nope-test.localhost", "/oauth/token")]
    [InlineData("nope-test.localhost", "/.well-known/openid-configuration")]
    public async Task A_preflight_is_answered_on_environment_hosts_only(string host, string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client(host).SendAsync(Preflight(path, SpaOrigin, path.StartsWith("/oauth", StringComparison.Ordinal) ? "POST" : "GET"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(Header(response, AllowOrigin));
    }

    [Theory]
    [MemberData(nameof(NoOrigins))]
    public async Task A_preflight_from_what_is_no_origin_gets_no_permission_never_a_500(string origin)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client().SendAsync(Preflight("/oauth/token", origin, "POST"));

        // An empty Origin makes no preflight for routing at all: the OPTIONS is 405 as any other.
        Assert.Equal(origin.Length == 0 ? HttpStatusCode.MethodNotAllowed : HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(Header(response, AllowOrigin));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    [InlineData("/.well-known/jwks.json")]
    public async Task Discovery_and_jwks_are_public_documents_any_origin_may_read(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var http = app.Client();

        var fromSpa = await http.SendAsync(Request(HttpMethod.Get, path, SpaOrigin));
        var fromNull = await http.SendAsync(Request(HttpMethod.Get, path, "null"));
        var fromServer = await http.SendAsync(Request(HttpMethod.Get, path, origin: null));
        var preflight = await http.SendAsync(Preflight(path, "https://anywhere.example", "GET"));

        Assert.All([fromSpa, fromNull, fromServer], response =>
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // The same bytes for everyone, so a shared cache may serve any of them to anyone.
            Assert.Equal("*", Header(response, AllowOrigin));
            Assert.DoesNotContain("Origin", response.Headers.Vary);
            Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        });
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("*", Header(preflight, AllowOrigin));
        Assert.Equal("GET, HEAD", Header(preflight, "Access-Control-Allow-Methods"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_spa_redeems_refreshes_reads_userinfo_and_revokes_from_its_redirect_uris_origin(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await SpaFlowAsync(app);
        var user = await app.CreateUserAsync();
        var code = await flow.SignInForCodeAsync(user.Email);

        var redeemed = await TokenAsync(app, flow, SpaOrigin, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SpaRedirectUri), ("code_verifier", CodeFlow.Verifier));
        AssertAllowed(redeemed, HttpStatusCode.OK);
        var tokens = await redeemed.JsonAsync();

        var refreshed = await TokenAsync(app, flow, SpaOrigin, ("grant_type", "refresh_token"), ("refresh_token", tokens.GetProperty("refresh_token").GetString()!));
        AssertAllowed(refreshed, HttpStatusCode.OK);
        var newer = await refreshed.JsonAsync();

        var userInfo = Request(HttpMethod.Get, "/oauth/userinfo", SpaOrigin);
        userInfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", newer.GetProperty("access_token").GetString());
        var claims = await app.Client().SendAsync(userInfo);
        AssertAllowed(claims, HttpStatusCode.OK);
        Assert.Equal("WWW-Authenticate", Header(claims, "Access-Control-Expose-Headers"));
        Assert.Equal(user.Email, (await claims.JsonAsync()).GetProperty("email").GetString());

        var revoked = await app.Client().SendAsync(Request(HttpMethod.Post, "/oauth/revoke", SpaOrigin,
            [new("token", newer.GetProperty("refresh_token").GetString()!), new("client_id", flow.ClientId)]));
        AssertAllowed(revoked, HttpStatusCode.OK);

        var afterRevocation = await TokenAsync(app, flow, SpaOrigin, ("grant_type", "refresh_token"), ("refresh_token", newer.GetProperty("refresh_token").GetString()!));
        AssertAllowed(afterRevocation, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", (await afterRevocation.JsonAsync()).GetProperty("error").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_spa_reads_its_token_errors_and_their_codes(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await SpaFlowAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);
        AssertAllowed(await TokenAsync(app, flow, SpaOrigin, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SpaRedirectUri), ("code_verifier", CodeFlow.Verifier)), HttpStatusCode.OK);

        var replayed = await TokenAsync(app, flow, SpaOrigin, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SpaRedirectUri), ("code_verifier", CodeFlow.Verifier));
        var unsupported = await TokenAsync(app, flow, SpaOrigin, ("grant_type", "password"));
        var missing = await TokenAsync(app, flow, SpaOrigin);
        var revokeWithoutToken = await app.Client().SendAsync(Request(HttpMethod.Post, "/oauth/revoke", SpaOrigin, [new("client_id", flow.ClientId)]));

        AssertAllowed(replayed, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", (await replayed.JsonAsync()).GetProperty("error").GetString());
        AssertAllowed(unsupported, HttpStatusCode.BadRequest);
        Assert.Equal("unsupported_grant_type", (await unsupported.JsonAsync()).GetProperty("error").GetString());
        AssertAllowed(missing, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", (await missing.JsonAsync()).GetProperty("error").GetString());
        AssertAllowed(revokeWithoutToken, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_spa_reads_a_userinfo_refusal_and_its_challenge(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await SpaFlowAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email, ("scope", "orders:read"), ("nonce", null));
        var tokens = await (await TokenAsync(app, flow, SpaOrigin, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SpaRedirectUri), ("code_verifier", CodeFlow.Verifier))).JsonAsync();

        var request = Request(HttpMethod.Get, "/oauth/userinfo", SpaOrigin);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        var response = await app.Client().SendAsync(request);

        AssertAllowed(response, HttpStatusCode.Forbidden);
        Assert.Contains("error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("WWW-Authenticate", Header(response, "Access-Control-Expose-Headers"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_userinfo_refusal_that_names_no_client_is_readable_from_any_origin(DatabaseProvider provider)
    {
        // A browser app whose token lapsed must see the 401 to sign in again, not a network error; the
        // refusal says nothing about anyone, so no origin is kept from it. An unexpired token of a known
        // client answers only that client's origins (above).
        var app = await apps.On(provider);
        foreach (var origin in new[] { SpaOrigin, "https://elsewhere.example" })
        {
            var unknown = Request(HttpMethod.Get, "/oauth/userinfo", origin);
            unknown.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token-of-anyone");
            var refused = await app.Client().SendAsync(unknown);
            AssertAllowed(refused, HttpStatusCode.Unauthorized, origin);
            Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Equal("WWW-Authenticate", Header(refused, "Access-Control-Expose-Headers"));

            var bare = await app.Client().SendAsync(Request(HttpMethod.Get, "/oauth/userinfo", origin));
            AssertAllowed(bare, HttpStatusCode.Unauthorized, origin);
        }

        var notAnOrigin = Request(HttpMethod.Get, "/oauth/userinfo", "null");
        AssertNoCors(await app.Client().SendAsync(notAnOrigin), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_origin_gets_no_permission_yet_the_request_is_processed_as_any_other(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await SpaFlowAsync(app);
        var user = await app.CreateUserAsync();

        foreach (var origin in new[] { "https://evil.example", "https://spa.example:8443", "http://spa.example", "https://spa.example.evil.example", "null" })
        {
            var code = await flow.SignInForCodeAsync(user.Email);
            var response = await TokenAsync(app, flow, origin, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SpaRedirectUri), ("code_verifier", CodeFlow.Verifier));

            AssertNoCors(response, HttpStatusCode.OK);
            Assert.NotNull((await response.JsonAsync()).GetProperty("access_token").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_native_app_with_a_custom_scheme_redirect_uri_has_no_web_origin(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var native = await CodeFlow.StartAsync(app, type: ClientType.Public, redirectUri: "com.example.app:/callback");

        foreach (var origin in new[] { "com.example.app://", "com.example.app:", "null", "https://app.example" })
        {
            var response = await TokenAsync(app, native, origin, ("grant_type", "authorization_code"), ("code", "not-a-code"), ("redirect_uri", "com.example.app:/callback"), ("code_verifier", CodeFlow.Verifier));

            AssertNoCors(response, HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task A_loopback_app_reads_its_answers_from_whatever_port_its_redirect_took_and_localhost_keeps_its_port()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var loopback = await CodeFlow.StartAsync(app, type: ClientType.Public, redirectUri: "http://127.0.0.1:3000/callback");
        var named = await CodeFlow.StartAsync(app, type: ClientType.Public, redirectUri: "http://localhost:3000/callback");

        // RFC 8252 §7.3: the app's redirect may use any port of the loopback address, so may its origin.
        async Task<HttpResponseMessage> Redeem(CodeFlow flow, string origin) =>
            await TokenAsync(app, flow, origin, ("grant_type", "authorization_code"), ("code", "not-a-code"), ("redirect_uri", flow.ClientRedirectUri), ("code_verifier", CodeFlow.Verifier));

        AssertAllowed(await Redeem(loopback, "http://127.0.0.1:51234"), HttpStatusCode.BadRequest, "http://127.0.0.1:51234");
        AssertAllowed(await Redeem(loopback, "http://127.0.0.1"), HttpStatusCode.BadRequest, "http://127.0.0.1");
        AssertNoCors(await Redeem(loopback, "http://127.0.0.2:3000"), HttpStatusCode.BadRequest);
        AssertNoCors(await Redeem(loopback, "http://localhost:3000"), HttpStatusCode.BadRequest);
        AssertNoCors(await Redeem(loopback, "https://127.0.0.1:3000"), HttpStatusCode.BadRequest);
        AssertAllowed(await Redeem(named, "http://localhost:3000"), HttpStatusCode.BadRequest, "http://localhost:3000");
        AssertNoCors(await Redeem(named, "http://localhost:51234"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_client_authenticating_with_basic_is_allowed_its_origin_but_introspection_never_answers_cors(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var client = await app.CreateClientAsync(redirectUris: ["https://app.example/callback"]);
        var secret = client.ClientSecret!;
        var browser = app.Client();
        browser.DefaultRequestHeaders.Add("Origin", "https://app.example");

        var issued = await browser.ClientCredentialsAsync(client.Client.ClientId, secret);
        var wrongSecret = await browser.ClientCredentialsAsync(client.Client.ClientId, "not-the-secret");
        var introspection = await browser.PostFormAsync("/oauth/introspect", [new("token", (await issued.JsonAsync()).GetProperty("access_token").GetString()!)], (client.Client.ClientId, secret));

        AssertAllowed(issued, HttpStatusCode.OK, "https://app.example");
        AssertAllowed(wrongSecret, HttpStatusCode.Unauthorized, "https://app.example");
        AssertNoCors(introspection, HttpStatusCode.OK);
        Assert.True((await introspection.JsonAsync()).GetProperty("active").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_an_origin_nothing_is_added_and_an_unknown_client_is_allowed_no_origin(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await SpaFlowAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);

        var redeemed = await TokenAsync(app, flow, origin: null, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SpaRedirectUri), ("code_verifier", CodeFlow.Verifier));
        var replayed = await TokenAsync(app, flow, origin: null, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SpaRedirectUri), ("code_verifier", CodeFlow.Verifier));
        var unknown = await app.Client().SendAsync(Request(HttpMethod.Post, "/oauth/token", SpaOrigin, [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", SpaRedirectUri), new("code_verifier", CodeFlow.Verifier), new("client_id", "no-such-client")]));

        AssertNoCors(redeemed, HttpStatusCode.OK);
        AssertNoCors(replayed, HttpStatusCode.BadRequest);
        AssertNoCors(unknown, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(redeemed.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(NoOrigins))]
    public async Task What_is_no_origin_is_allowed_nothing_never_a_500(string origin)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await SpaFlowAsync(app);

        var token = await TokenAsync(app, flow, origin, ("grant_type", "authorization_code"), ("code", "not-a-code"), ("redirect_uri", SpaRedirectUri), ("code_verifier", CodeFlow.Verifier));
        var revoke = await app.Client().SendAsync(Request(HttpMethod.Post, "/oauth/revoke", origin, [new("token", "x"), new("client_id", flow.ClientId)]));

        AssertNoCors(token, HttpStatusCode.BadRequest);
        AssertNoCors(revoke, HttpStatusCode.OK);
    }

    /// <summary>A single-page app: a public client whose one redirect URI is on <see cref="SpaOrigin"/>.</summary>
    internal static Task<CodeFlow> SpaFlowAsync(PaylentApp app) => CodeFlow.StartAsync(app, type: ClientType.Public, redirectUri: SpaRedirectUri);

    /// <summary>A token request as a browser's fetch sends it: the public client's id in the form, the page's origin in <c>Origin</c>.</summary>
    internal static Task<HttpResponseMessage> TokenAsync(PaylentApp app, CodeFlow flow, string? origin, params (string Name, string Value)[] fields) =>
        app.Client().SendAsync(Request(HttpMethod.Post, "/oauth/token", origin, [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), new("client_id", flow.ClientId)]));

    internal static HttpRequestMessage Request(HttpMethod method, string path, string? origin, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = form is null ? null : new FormUrlEncodedContent(form) };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return request;
    }

    /// <summary>What a browser sends before a cross-origin POST with a form body, or a GET with an Authorization header.</summary>
    internal static HttpRequestMessage Preflight(string path, string? origin, string? method)
    {
        var request = Request(HttpMethod.Options, path, origin);
        if (method is not null)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", method);
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", method == "GET" ? "authorization" : "content-type");
        }

        return request;
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    internal static void AssertAllowed(HttpResponseMessage response, HttpStatusCode status, string origin = SpaOrigin)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(origin, Header(response, AllowOrigin));
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    internal static void AssertNoCors(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Null(Header(response, AllowOrigin));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.DoesNotContain("Origin", response.Headers.Vary);
    }
}
