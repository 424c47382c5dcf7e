using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Dashboard;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

/// <summary>Behind a TLS-terminating reverse proxy: forwarded headers count from configured proxies, and only from them.</summary>
public sealed class ReverseProxyTests
{
    private const string Proxy = "10.0.0.5";

    private static readonly Dictionary<string, string?> TrustingTheProxy = new()
    {
        ["Paylent:ForwardedHeaders:KnownProxies:0"] = Proxy,
        ["Paylent:RateLimits:AuthorizationPerIpPerMinute"] = "2",
    };

    [Fact]
    public async Task Behind_a_trusted_proxy_the_issuer_is_https_and_cookies_are_secure_and_host_prefixed()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, TrustingTheProxy);
        var email = await HostedPagesTests.CreateUserAsync(app);
        var browser = new HostedClient(new TlsTerminatingProxy(app, Proxy).Browser("203.0.113.7"));

        var discovery = await browser.Http.GetAsync("/.well-known/openid-configuration");
        var signIn = await browser.SignInAsync(email);

        Assert.Equal("https://demo-test.localhost", (await discovery.JsonAsync()).GetProperty("issuer").GetString());
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-paylent_session=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.AccountAsync()).StatusCode);
        Assert.True(signIn.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_an_admin_signs_in_to_the_dashboard_and_stays_signed_in()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, TrustingTheProxy);
        var dashboard = new DashboardClient(new TlsTerminatingProxy(app, Proxy).Browser("203.0.113.7", host: "localhost"));

        var signIn = await dashboard.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword);
        var overview = await dashboard.Http.GetAsync("/environments/test");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-paylent_dashboard=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    [Theory]
    [InlineData(Proxy, "198.51.100.9")] // a proxy is configured, the request comes from elsewhere
    [InlineData(null, Proxy)] // no proxy is configured: no address is believed
    [InlineData(null, "127.0.0.1")] // loopback neither, unlike ASP.NET's default
    public async Task Forwarded_headers_from_an_address_that_is_no_trusted_proxy_are_ignored(string? trusted, string peer)
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:ForwardedHeaders:KnownProxies:0"] = trusted,
            ["Paylent:RateLimits:AuthorizationPerIpPerMinute"] = "2",
        });
        var proxy = new TlsTerminatingProxy(app, peer);

        var discovery = await proxy.Browser("203.0.113.7").GetAsync("/.well-known/openid-configuration");
        var page = await proxy.Browser("203.0.113.7").GetAsync("/sign-in");
        var authorizations = new List<HttpStatusCode>();
        foreach (var client in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" })
        {
            authorizations.Add((await proxy.Browser(client).GetAsync("/oauth/authorize")).StatusCode);
        }

        Assert.Equal("http://demo-test.localhost", (await discovery.JsonAsync()).GetProperty("issuer").GetString());
        Assert.DoesNotContain(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-", StringComparison.Ordinal) || c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.TooManyRequests, authorizations[^1]); // one peer, however many clients it names
    }

    [Fact]
    public async Task Per_address_limits_count_the_client_a_trusted_proxy_names_and_an_ipv6_client_by_its_64()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, TrustingTheProxy);
        var proxy = new TlsTerminatingProxy(app, Proxy);

        async Task<HttpStatusCode> AuthorizeFrom(string client) => (await proxy.Browser(client).GetAsync("/oauth/authorize")).StatusCode;

        var first = new[] { await AuthorizeFrom("203.0.113.7"), await AuthorizeFrom("203.0.113.7"), await AuthorizeFrom("203.0.113.7") };
        var another = await AuthorizeFrom("203.0.113.8");
        var sameSite = new[] { await AuthorizeFrom("2001:db8:1:2::1"), await AuthorizeFrom("2001:db8:1:2::2"), await AuthorizeFrom("2001:db8:1:2:ffff:ffff:ffff:ffff") };
        var nextSite = await AuthorizeFrom("2001:db8:1:3::1");

        Assert.Equal(HttpStatusCode.TooManyRequests, first[2]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, first[1]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, another);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameSite[2]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, nextSite);
    }

    [Fact]
    public async Task Through_a_real_tls_terminating_proxy_the_browser_gets_https_everywhere_and_a_direct_request_cannot_pretend()
    {
        await using var app = await PaylentApp.StartListeningAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:ForwardedHeaders:KnownProxies:0"] = KestrelTlsProxy.Address.ToString(),
        });
        await using var proxy = new KestrelTlsProxy(app.Url());
        await proxy.StartAsync();
        var email = await HostedPagesTests.CreateUserAsync(app);
        var browser = new HostedClient(proxy.Browser("demo-test.localhost"));
        using var direct = new HttpClient { BaseAddress = app.Url() };
        using var pretending = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        pretending.Headers.Host = "demo-test.localhost";
        pretending.Headers.Add("X-Forwarded-Proto", "https");
        pretending.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var issuer = (await (await browser.Http.GetAsync("/.well-known/openid-configuration")).JsonAsync()).GetProperty("issuer").GetString();
        var signIn = await browser.SignInAsync(email);
        var directIssuer = (await (await direct.SendAsync(pretending)).JsonAsync()).GetProperty("issuer").GetString();

        Assert.Equal("https://demo-test.localhost", issuer);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-paylent_session=", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("max-age=31536000", Assert.Single(signIn.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal($"http://demo-test.localhost:{app.Url().Port}", directIssuer);
    }
}
