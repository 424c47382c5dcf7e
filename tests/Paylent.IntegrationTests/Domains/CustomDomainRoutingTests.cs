using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using static Paylent.IntegrationTests.Domains.CustomDomainHostsSupport;

namespace Paylent.IntegrationTests.Domains;

/// <summary>
/// An active custom domain serves its environment with its own issuer, <c>https://{domain}</c>, beside
/// the environment's own host and issuer; a domain in any other state is an unknown host, and a state
/// change or a delete is routed at once (docs/domains.md, "Routing and issuer").
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class CustomDomainRoutingTests(Apps apps)
{
    private const string Management = "paylent-management";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Discovery_on_an_active_custom_domain_names_it_as_issuer_and_its_token_verifies_with_its_jwks(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var hostname = NewHostname();
        await AddActiveAsync(app, hostname);
        await UntilAsync(app, hostname, HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        var http = app.Https(hostname);
        var issuer = $"https://{hostname}";

        var discovery = await (await http.GetAsync("/.well-known/openid-configuration")).JsonAsync();

        Assert.Equal(issuer, discovery.GetProperty("issuer").GetString());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "end_session_endpoint", "introspection_endpoint", "revocation_endpoint", "jwks_uri" })
        {
            Assert.StartsWith(issuer + "/", discovery.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        }

        Assert.Equal($"{issuer}/.well-known/jwks.json", discovery.GetProperty("jwks_uri").GetString());
        var token = await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var (_, payload) = Jose.Decode(token);
        Assert.Equal(issuer, payload.GetProperty("iss").GetString());
        Assert.Equal($"{issuer}/api", payload.GetProperty("aud").GetString());
        Assert.True(Jose.Verify(token, await (await http.GetAsync("/.well-known/jwks.json")).JsonAsync()));

        // The environment's own host keeps its own issuer, with the same keys.
        var own = app.Client("demo-test.localhost");
        Assert.Equal("http://demo-test.localhost", (await (await own.GetAsync("/.well-known/openid-configuration")).JsonAsync()).GetProperty("issuer").GetString());
        Assert.True(Jose.Verify(token, await (await own.GetAsync("/.well-known/jwks.json")).JsonAsync()));

        // The management API on the custom domain takes the token issued there for it.
        var users = new HttpRequestMessage(HttpMethod.Get, "/api/users");
        users.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(users)).StatusCode);

        // Its audience is the API at the origin it was issued on (RFC 8707): a token the environment's own host
        // issued for its API does not open the API on the custom domain.
        var ownToken = await own.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/api/users");
        elsewhere.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ownToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(elsewhere)).StatusCode);
    }

    /// <summary>
    /// One environment, two issuers, one set of keys: a token is the environment's whichever of its hosts
    /// issued it, so introspection (RFC 7662 §2.2) and userinfo (OIDC Core §5.3) on either host accept it,
    /// and introspection reports the issuer the token carries.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tokens_of_either_issuer_of_the_environment_introspect_on_both_hosts(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var hostname = NewHostname();
        await AddActiveAsync(app, hostname);
        await UntilAsync(app, hostname, HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        var (custom, own) = (app.Https(hostname), app.Client("demo-test.localhost"));
        var fromCustom = await custom.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var fromOwn = await own.AccessTokenAsync(Management, PaylentApp.ManagementSecret);

        foreach (var http in new[] { custom, own })
        {
            var seenCustom = await http.IntrospectAsync(fromCustom, Management, PaylentApp.ManagementSecret);
            Assert.True(seenCustom.GetProperty("active").GetBoolean());
            Assert.Equal($"https://{hostname}", seenCustom.GetProperty("iss").GetString());
            var seenOwn = await http.IntrospectAsync(fromOwn, Management, PaylentApp.ManagementSecret);
            Assert.True(seenOwn.GetProperty("active").GetBoolean());
            Assert.Equal("http://demo-test.localhost", seenOwn.GetProperty("iss").GetString());
        }

        // Another environment's host knows neither.
        var production = app.Client("demo-production.localhost");
        Assert.False((await production.IntrospectAsync(fromCustom, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_code_flow_on_a_custom_domain_answers_with_its_issuer_and_host_only_secure_cookies(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var hostname = NewHostname();
        await AddActiveAsync(app, hostname);
        await UntilAsync(app, hostname, HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        var issuer = $"https://{hostname}";
        var flow = await CodeFlow.StartAsync(app, browser: new HostedClient(app.Https(hostname)));
        var user = await app.CreateUserAsync();

        var signInPage = await flow.Http.GetAsync("/sign-in");
        var authorize = await flow.Http.GetAsync(flow.AuthorizeUrl());
        Assert.StartsWith("/sign-in", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var signedIn = await flow.Browser.SubmitAsync(authorize.Headers.Location.OriginalString, ("Email", user.Email), ("Password", Identity.Password));
        var cookies = new[] { signInPage, signedIn }.SelectMany(r => r.Headers.TryGetValues("Set-Cookie", out var values) ? values : []).ToList();
        var code = await flow.CodeFromAsync(signedIn);

        // The session cookie is __Host- (Secure, path /, no Domain: RFC 6265bis §4.1.3.2), and no cookie on
        // the custom host names a Domain: each stays with the host that set it.
        Assert.Contains(cookies, c => c.StartsWith("__Host-paylent_session=", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c =>
        {
            Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", c, StringComparison.OrdinalIgnoreCase);
        });

        // RFC 9207: the authorization response names the issuer the client started with.
        var callback = await flow.FollowAsync(flow.AuthorizeUrl(("state", "again")));
        Assert.Equal(issuer, CodeFlow.Callback(callback)["iss"]);

        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        var (_, idToken) = Jose.Decode(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(issuer, idToken.GetProperty("iss").GetString());
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(issuer, Jose.Decode(accessToken).Payload.GetProperty("iss").GetString());

        // The refresh token is the environment's: redeemed on its own host, the new tokens carry that host's issuer.
        var refreshed = await app.Client("demo-test.localhost").PostFormAsync("/oauth/token",
            [new("grant_type", "refresh_token"), new("refresh_token", tokens.GetProperty("refresh_token").GetString()!)], (flow.ClientId, flow.Client.ClientSecret!));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal("http://demo-test.localhost", Jose.Decode((await refreshed.JsonAsync()).GetProperty("access_token").GetString()!).Payload.GetProperty("iss").GetString());

        // Userinfo answers on both of the environment's hosts for the token issued on the custom one.
        foreach (var http in new[] { flow.Http, app.Client("demo-test.localhost") })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/oauth/userinfo");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
            var userinfo = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, userinfo.StatusCode);
            Assert.Equal(user.Email, (await userinfo.JsonAsync()).GetProperty("email").GetString());
        }
    }

    [Fact]
    public async Task A_password_reset_asked_for_on_a_custom_domain_emails_a_link_to_it()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var hostname = NewHostname();
        await AddActiveAsync(app, hostname);
        await UntilAsync(app, hostname, HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        var user = await app.CreateUserAsync();

        await new HostedClient(app.Https(hostname)).SubmitAsync("/forgot-password", ("Email", user.Email));

        var email = await app.Mailbox.WaitForAsync(user.Email, m => m.FirstLink.Contains("/reset-password", StringComparison.Ordinal));
        Assert.StartsWith($"https://{hostname}/reset-password?token=", email.FirstLink, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_domain_that_is_not_active_is_an_unknown_host(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var hostname = NewHostname();
        await AddVerifiedAsync(app, hostname);

        var response = await app.Https(hostname).GetAsync("/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_host", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_disabled_or_deleted_domain_stops_being_served_at_once(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var hostname = NewHostname();
        var id = await AddActiveAsync(app, hostname);
        await UntilAsync(app, hostname, HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        await ChangeAsync(app, id, (domain, now) => domain.Disable("The TXT record is gone.", now));

        // Dropped when the save committed, not after a cache's lifetime.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Https(hostname).GetAsync("/.well-known/openid-configuration")).StatusCode);

        await ActivateAsync(app, id);
        await UntilAsync(app, hostname, HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        await DeleteAsync(app, id);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Https(hostname).GetAsync("/.well-known/openid-configuration")).StatusCode);
    }
}
