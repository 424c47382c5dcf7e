using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Domains.Challenges;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Domains.Acme;
using Paylent.IntegrationTests.OAuth;
using Paylent.Testing;
using Xunit.Abstractions;
using static Paylent.IntegrationTests.Domains.CustomDomainHostsSupport;

namespace Paylent.IntegrationTests.Domains.Tls;

/// <summary>
/// A custom domain end to end over real HTTPS: a certificate from Pebble (HTTP-01 answered by Paylent),
/// the domain brought to active, and then, with that name as SNI and Pebble's root the only trust anchor,
/// discovery names <c>https://{domain}</c> as issuer and a token obtained there verifies with its JWKS.
/// </summary>
[Collection(PebbleCollection.Name)]
public sealed class PebbleCustomDomainTests(Pebble pebble, ITestOutputHelper output)
{
    [Fact]
    public async Task An_active_custom_domain_with_a_pebble_certificate_serves_discovery_and_tokens_with_its_issuer_over_https()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var writer = PaylentApp.Start(database);
        await using (await pebble.LendHttpPortAsync())
        {
            await using var instance = await CustomDomainInstance.StartAsync(database, pebble.HttpPort);
            await TlsProbe.UntilListeningAsync(database, 2);
            var hostname = await pebble.NewHostnameAsync();
            var id = await AddVerifiedAsync(writer, hostname);
            var details = await IssueAsync(writer, hostname, instance);

            using var root = await pebble.IssuingRootAsync();
            using var http = CustomDomainHttps.Client(root, instance.HttpsPort);
            var issuer = $"https://{hostname}:{instance.HttpsPort}";

            // Its certificate is served, but until the domain is active the name serves nothing.
            await ChangeAsync(writer, id, (domain, now) => domain.RequestCertificate(now));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"{issuer}/.well-known/openid-configuration"))).StatusCode);

            // What the issuance side will do once the certificate is stored.
            await ChangeAsync(writer, id, (domain, now) =>
                domain.CertificateIssued(details.Issuer, details.Serial, details.NotBefore, details.NotAfter, details.NotBefore + ((details.NotAfter - details.NotBefore) * 2 / 3), now));
            var (response, routed) = await CustomDomainHttps.UntilNotAsync(http, new Uri($"{issuer}/.well-known/openid-configuration"), HttpStatusCode.NotFound, TimeSpan.FromSeconds(10));
            output.WriteLine($"routed over HTTPS after {routed.TotalMilliseconds:F0} ms");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var discovery = await response.JsonAsync();
            Assert.Equal(issuer, discovery.GetProperty("issuer").GetString());
            Assert.Equal($"{issuer}/.well-known/jwks.json", discovery.GetProperty("jwks_uri").GetString());
            Assert.Equal($"{issuer}/oauth/token", discovery.GetProperty("token_endpoint").GetString());

            var token = await TokenAsync(http, discovery.GetProperty("token_endpoint").GetString()!);
            Assert.Equal(issuer, Jose.Decode(token).Payload.GetProperty("iss").GetString());
            var jwks = await (await http.GetAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!))).JsonAsync();
            Assert.True(Jose.Verify(token, jwks));

            // The environment's own host, on the same instance, keeps its own issuer.
            using var plain = new HttpClient();
            var own = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{instance.MainPort}/.well-known/openid-configuration")) { Headers = { Host = "demo-test.localhost" } };
            var ownDiscovery = await (await plain.SendAsync(own)).JsonAsync();
            Assert.Equal($"http://demo-test.localhost:{instance.MainPort}", ownDiscovery.GetProperty("issuer").GetString());

            await CustomDomainHttps.RunOpenIdClientAsync(writer, root, issuer, hostname, output);

            // Host headers that are no name (or no domain), on a connection with the domain's SNI: the unknown-host
            // answer, or Kestrel's 400 for a header it cannot parse; never a 500, never the domain's environment.
            foreach (var host in new[] { "bad_name.example.test", $"xn--.{hostname}", $"xn--a-.{hostname}", "[::1", "127.0.0.1", $"{hostname}x" })
            {
                var status = await RawStatusLineAsync(root, instance.HttpsPort, hostname, host);
                output.WriteLine($"Host: {host} -> {status}");
                Assert.Matches("^HTTP/1.1 (404|400) ", status);
            }
        }
    }

    /// <summary>Obtains a certificate for <paramref name="hostname"/> from Pebble through HTTP-01 answered by the instance, and stores it.</summary>
    private async Task<CertificateDetails> IssueAsync(PaylentApp writer, string hostname, CustomDomainInstance instance)
    {
        var acme = AcmeClients.For(pebble);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var account = await acme.RegisterAccountAsync(accountKey, CancellationToken.None);
        var order = await acme.NewOrderAsync(account, hostname, CancellationToken.None);
        var challenge = Assert.Single(order.Challenges);
        var challenges = writer.Services.GetRequiredService<IAcmeChallengeStore>();
        await challenges.PublishAsync(hostname, challenge.Token, challenge.KeyAuthorization, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        using (var http = new HttpClient())
        {
            var started = TimeProvider.System.GetTimestamp();
            while ((await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{instance.HttpPort}{challenge.Path}")) { Headers = { Host = hostname } })).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "the instance never answered the challenge");
                await Task.Delay(50);
            }
        }

        var issued = await acme.CompleteOrderAsync(account, order, CancellationToken.None);
        await challenges.RemoveAsync(hostname, challenge.Token, CancellationToken.None);
        var environmentId = await writer.InEnvironmentAsync("test", services =>
            Task.FromResult(services.GetRequiredService<Paylent.Application.Common.Persistence.EnvironmentContext>().RequiredEnvironmentId));
        var details = await writer.Services.GetRequiredService<ITlsCertificateStore>()
            .StoreAsync(hostname, environmentId, issued.ChainPem, issued.PrivateKeyPkcs8, CancellationToken.None);
        await TlsProbe.UntilServedAsync(instance.HttpsPort, hostname, details.Serial, TimeSpan.FromSeconds(10));
        return details;
    }

    private static async Task<string> TokenAsync(HttpClient http, string tokenEndpoint)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(tokenEndpoint))
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"paylent-management:{PaylentApp.ManagementSecret}")));
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>One HTTP/1.1 request written by hand over TLS with <paramref name="serverName"/> as SNI, carrying <paramref name="host"/> as it is; the status line.</summary>
    private static async Task<string> RawStatusLineAsync(X509Certificate2 root, int port, string serverName, string host)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, chain, errors) => CustomDomainHttps.Trusted(root, certificate, chain, errors));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName, ApplicationProtocols = [SslApplicationProtocol.Http11] });
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET /.well-known/openid-configuration HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(tls, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? string.Empty;
    }
}
