using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Domains.Challenges;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Domains.Acme;
using Paylent.Testing;
using Xunit.Abstractions;

namespace Paylent.IntegrationTests.Domains.Tls;

/// <summary>The serving side end to end against a real CA: Pebble validates HTTP-01 on Paylent's own listener, then Paylent serves what it issued.</summary>
[Collection(PebbleCollection.Name)]
public sealed class PebbleServingTests(Pebble pebble, ITestOutputHelper output)
{
    [Fact]
    public async Task Pebble_validates_http_01_against_paylents_responder_and_the_issued_chain_is_served_by_sni()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

        // The instance writing (as the issuance side will) is not the one the CA and the client reach.
        await using var writer = PaylentApp.Start(database);
        await using (await pebble.LendHttpPortAsync())
        {
            await using var instance = await CustomDomainInstance.StartAsync(database, pebble.HttpPort);
            await TlsProbe.UntilListeningAsync(database, 2);
            var hostname = await pebble.NewHostnameAsync();
            var acme = AcmeClients.For(pebble);
            using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var account = await acme.RegisterAccountAsync(accountKey, CancellationToken.None);
            var order = await acme.NewOrderAsync(account, hostname, CancellationToken.None);
            var challenge = Assert.Single(order.Challenges);

            await writer.Services.GetRequiredService<IAcmeChallengeStore>()
                .PublishAsync(hostname, challenge.Token, challenge.KeyAuthorization, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
            // The instance hears of the answer through the change signal, within a second or so.
            using (var http = new HttpClient())
            {
                var started = TimeProvider.System.GetTimestamp();
                HttpResponseMessage answer;
                while ((answer = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{pebble.HttpPort}{challenge.Path}"))
                       {
                           Headers = { Host = hostname },
                       })).StatusCode == HttpStatusCode.NotFound)
                {
                    Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "the instance never answered the challenge");
                    await Task.Delay(50);
                }

                output.WriteLine($"challenge answered after {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:F0} ms");
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Equal(challenge.KeyAuthorization, await answer.Content.ReadAsStringAsync());
            }

            var issued = await acme.CompleteOrderAsync(account, order, CancellationToken.None);
            await writer.Services.GetRequiredService<IAcmeChallengeStore>().RemoveAsync(hostname, challenge.Token, CancellationToken.None);
            var details = await writer.Services.GetRequiredService<ITlsCertificateStore>()
                .StoreAsync(hostname, null, issued.ChainPem, issued.PrivateKeyPkcs8, CancellationToken.None);

            var took = await TlsProbe.UntilServedAsync(instance.HttpsPort, hostname, details.Serial, TimeSpan.FromSeconds(10));
            output.WriteLine($"issued certificate served after {took.TotalMilliseconds:F0} ms");
            var served = await TlsProbe.HandshakeAsync(instance.HttpsPort, hostname);
            Assert.True(served.Leaf.MatchesHostname(hostname, allowWildcards: false));

            // Only what the server sent (and Pebble's root as the one trust anchor) builds the chain.
            using var root = await pebble.IssuingRootAsync();
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.ExtraStore.AddRange(served.Sent);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(served.Leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
            Assert.Equal(root.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);

            // Plain HTTP on that host now goes to HTTPS.
            using var redirecting = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
            var redirect = await redirecting.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{pebble.HttpPort}/")) { Headers = { Host = hostname } });
            Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
        }
    }
}
