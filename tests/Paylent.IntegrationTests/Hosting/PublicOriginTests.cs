using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

/// <summary>Absolute URLs (issuer, emailed links, API links) come from the host the environment is known by, never the Host header's port.</summary>
[Collection(AppsCollection.Name)]
public sealed class PublicOriginTests(Apps apps)
{
    [Fact]
    public async Task A_spoofed_host_port_appears_neither_in_a_reset_link_nor_in_the_issuer()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await HostedPagesTests.CreateUserAsync(app);
        var spoofing = HostedClient.For(app, "demo-test.localhost:31337");

        var forgot = await spoofing.SubmitAsync("/forgot-password", ("Email", email));
        var link = (await app.Mailbox.WaitForAsync(email, m => m.FirstLink.Contains("/reset-password", StringComparison.Ordinal))).FirstLink;
        var issuer = (await (await spoofing.Http.GetAsync("/.well-known/openid-configuration")).JsonAsync()).GetProperty("issuer").GetString();

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.StartsWith("http://demo-test.localhost/reset-password?token=", link, StringComparison.Ordinal);
        Assert.Equal("http://demo-test.localhost", issuer);
    }

    [Fact]
    public async Task A_configured_public_scheme_and_port_make_the_issuer_and_the_api_links()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Paylent:PublicOrigin:Scheme"] = "https",
            ["Paylent:PublicOrigin:Port"] = "8443",
        });

        var issuer = (await (await app.Client("demo-test.localhost:31337").GetAsync("/.well-known/openid-configuration")).JsonAsync()).GetProperty("issuer").GetString();
        var users = await (await ApiClient.ForAsync(app)).GetAsync("/api/users");

        Assert.Equal("https://demo-test.localhost:8443", issuer);
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.StartsWith("https://demo-test.localhost:8443/api/users", (await users.JsonAsync()).GetProperty("links").GetProperty("self").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_real_listener_the_issuer_has_the_listeners_port_whatever_the_host_header_says()
    {
        await using var app = await PaylentApp.StartListeningAsync(DatabaseProvider.Sqlite);
        var port = app.Url().Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Host = "demo-test.localhost:31337";

        var issuer = (await (await http.SendAsync(request)).JsonAsync()).GetProperty("issuer").GetString();

        Assert.Equal($"http://demo-test.localhost:{port}", issuer);
    }
}
