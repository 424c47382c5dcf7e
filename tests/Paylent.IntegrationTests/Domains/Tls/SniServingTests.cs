using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;
using Xunit.Abstractions;

namespace Paylent.IntegrationTests.Domains.Tls;

/// <summary>
/// Two real instances (their own processes, real Kestrel on loopback) on one PostgreSQL database, each
/// with the custom domains' HTTPS and HTTP listeners (docs/domains.md, "Serving custom domains").
/// </summary>
public sealed class SniServingTests(ITestOutputHelper output)
{
    private const string Shop = "login.shop.example";
    private const string Bakery = "auth.bakery.example";

    [Fact]
    public async Task Each_name_gets_its_own_certificate_by_sni_unknown_names_the_default_and_a_replacement_reaches_both_instances_without_a_restart()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var writer = PaylentApp.Start(database);
        using var ca = new TestCa();
        var store = writer.Services.GetRequiredService<ITlsCertificateStore>();
        var shop = ca.Issue(Shop);
        var bakery = ca.Issue(Bakery);
        await store.StoreAsync(Shop, null, shop.ChainPem, shop.Key, CancellationToken.None);
        await store.StoreAsync(Bakery, null, bakery.ChainPem, bakery.Key, CancellationToken.None);

        await using var first = await CustomDomainInstance.StartAsync(database);
        await using var second = await CustomDomainInstance.StartAsync(database);
        await TlsProbe.UntilListeningAsync(database, 3);

        foreach (var instance in new[] { first, second })
        {
            var served = await TlsProbe.HandshakeAsync(instance.HttpsPort, Shop);
            Assert.Equal(shop.Serial, served.Leaf.SerialNumber);
            Assert.Contains(served.Sent, c => c.Thumbprint == ca.Certificate.Thumbprint); // the intermediate goes with the leaf
            Assert.Equal(bakery.Serial, (await TlsProbe.HandshakeAsync(instance.HttpsPort, Bakery)).Leaf.SerialNumber);
            Assert.Equal(bakery.Serial, (await TlsProbe.HandshakeAsync(instance.HttpsPort, "AUTH.Bakery.Example")).Leaf.SerialNumber);
            Assert.Equal("CN=localhost", (await TlsProbe.HandshakeAsync(instance.HttpsPort, "unknown.example")).Leaf.Subject);
            Assert.Equal("CN=localhost", (await TlsProbe.HandshakeAsync(instance.HttpsPort, serverName: null)).Leaf.Subject);
        }

        var renewed = ca.Issue(Shop);
        await store.StoreAsync(Shop, null, renewed.ChainPem, renewed.Key, CancellationToken.None);

        var firstTook = await TlsProbe.UntilServedAsync(first.HttpsPort, Shop, renewed.Serial, TimeSpan.FromSeconds(10));
        var secondTook = await TlsProbe.UntilServedAsync(second.HttpsPort, Shop, renewed.Serial, TimeSpan.FromSeconds(10));
        output.WriteLine($"renewed certificate served after {firstTook.TotalMilliseconds:F0} ms and {secondTook.TotalMilliseconds:F0} ms");
        Assert.Equal(bakery.Serial, (await TlsProbe.HandshakeAsync(second.HttpsPort, Bakery)).Leaf.SerialNumber);

        await store.RemoveAsync(Bakery, CancellationToken.None);
        var started = TimeProvider.System.GetTimestamp();
        while ((await TlsProbe.HandshakeAsync(second.HttpsPort, Bakery)).Leaf.Subject != "CN=localhost")
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "the removed certificate is still served");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Plain_http_on_a_host_with_a_certificate_is_redirected_to_https_with_308_except_the_challenge_path()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var writer = PaylentApp.Start(database);
        using var ca = new TestCa();
        var shop = ca.Issue(Shop);
        await writer.Services.GetRequiredService<ITlsCertificateStore>().StoreAsync(Shop, null, shop.ChainPem, shop.Key, CancellationToken.None);
        await using var instance = await CustomDomainInstance.StartAsync(database);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        var redirected = await http.SendAsync(Request(HttpMethod.Post, instance.HttpPort, Shop, "/oauth2/token?x=1&y=%2F"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        Assert.Equal($"https://{Shop}:{instance.HttpsPort}/oauth2/token?x=1&y=%2F", redirected.Headers.Location!.OriginalString);

        // The challenge path is answered (404: nothing pending), never redirected; a host without a
        // certificate has no HTTPS to go to; and the main listener does not redirect.
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(Request(HttpMethod.Get, instance.HttpPort, Shop, "/.well-known/acme-challenge/" + new string('a', 43)))).StatusCode);
        Assert.NotEqual(HttpStatusCode.PermanentRedirect, (await http.SendAsync(Request(HttpMethod.Get, instance.HttpPort, "unknown.example", "/"))).StatusCode);
        Assert.NotEqual(HttpStatusCode.PermanentRedirect, (await http.SendAsync(Request(HttpMethod.Get, instance.MainPort, Shop, "/"))).StatusCode);

        // And HTTPS on that host is served (here: no route for an unknown host yet, but a real response over TLS).
        using var https = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate!.GetSerialNumberString() == shop.Serial },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, instance.HttpsPort, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
        var overTls = await https.GetAsync(new Uri($"https://{Shop}:{instance.HttpsPort}/"));
        Assert.True((int)overTls.StatusCode < 500, overTls.StatusCode.ToString());
    }

    private static HttpRequestMessage Request(HttpMethod method, int port, string host, string path) =>
        new(method, new Uri($"http://127.0.0.1:{port}{path}")) { Headers = { Host = host } };
}
