using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Domains;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Domains.Acme;
using Paylent.IntegrationTests.Domains.Tls;
using Paylent.IntegrationTests.OAuth;
using Paylent.Testing;
using Xunit.Abstractions;
using static Paylent.IntegrationTests.Domains.Certificates.IssuanceScenario;

namespace Paylent.IntegrationTests.Domains;

/// <summary>
/// The whole custom-domain story in one run, as an admin and an unmodified relying party live it, against
/// Pebble: the domain is added and verified through the API with its records in the test DNS, Paylent's own
/// issuance job obtains its certificate (HTTP-01 answered by the instance), an openid-client signs in on the
/// domain over HTTPS trusting Pebble's root alone, and once its TXT record is gone the re-check job disables
/// it and the name is an unknown host (docs/domains.md, "What an admin does").
/// </summary>
[Collection(PebbleCollection.Name)]
public sealed class CustomDomainEndToEndTests(Pebble pebble, ITestOutputHelper output)
{
    [Fact]
    public async Task A_domain_added_and_verified_through_the_api_is_certified_by_paylent_signs_in_an_openid_client_over_https_stops_routing_without_its_txt_record_and_routes_again_on_its_kept_certificate()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var settings = Settings(pebble);
        // Every proven domain is due for its re-check, so the test runs the job without moving a clock.
        settings["Paylent:Domains:RecheckInterval"] = "00:00:00.001";
        await using var writer = PaylentApp.Start(database, settings);
        await using (await pebble.LendHttpPortAsync())
        {
            await using var instance = await CustomDomainInstance.StartAsync(database, pebble.HttpPort, settings);
            await TlsProbe.UntilListeningAsync(database, 2);
            var started = TimeProvider.System.GetTimestamp();

            // The admin adds the name, publishes its TXT and A records and verifies; nothing installs a certificate but Paylent.
            var (id, hostname, api) = await VerifiedDomainAsync(writer);
            var active = await UntilAsync(api, id, d => d.GetProperty("state").GetString() is "active" or "certificate_failed");
            Assert.Equal(("active", "provisioned"), (active.GetProperty("state").GetString(), active.GetProperty("certificate_status").GetString()));
            var serial = active.GetProperty("certificate_serial").GetString()!;
            await TlsProbe.UntilServedAsync(instance.HttpsPort, hostname, serial, TimeSpan.FromSeconds(10));
            output.WriteLine($"added to active and served in {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:F0} ms");

            // A relying party on the name: SNI and Pebble's root as the only trust anchor.
            using var root = await pebble.IssuingRootAsync();
            using var https = CustomDomainHttps.Client(root, instance.HttpsPort);
            var issuer = $"https://{hostname}:{instance.HttpsPort}";
            var discoveryUrl = new Uri($"{issuer}/.well-known/openid-configuration");
            var (discovered, _) = await CustomDomainHttps.UntilNotAsync(https, discoveryUrl, HttpStatusCode.NotFound, TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, discovered.StatusCode);
            var discovery = await discovered.JsonAsync();
            Assert.Equal(issuer, discovery.GetProperty("issuer").GetString());
            Assert.Equal($"{issuer}/oauth/authorize", discovery.GetProperty("authorization_endpoint").GetString());

            await CustomDomainHttps.RunOpenIdClientAsync(writer, root, issuer, hostname, output);

            // The TXT record goes: the re-check job disables the domain, audited as the system's doing.
            await TestDns.ClearTxtAsync($"_paylent-verification.{hostname}");
            await writer.WithServices(sp => sp.GetRequiredService<RecheckDomains>().RunAsync(CancellationToken.None));
            var disabled = await DomainAsync(api, id);
            Assert.Equal("disabled", disabled.GetProperty("state").GetString());
            Assert.Contains("No TXT record found", disabled.GetProperty("last_error").GetString(), StringComparison.Ordinal);
            var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={id}&filter[action]=domain.disabled")).JsonAsync();
            Assert.Equal("system", Assert.Single(trail.GetProperty("data").EnumerateArray()).GetProperty("attributes").GetProperty("actor").GetProperty("type").GetString());

            // A disabled domain is an unknown host on the instance, whose TLS still presents the kept certificate.
            var (gone, dropped) = await CustomDomainHttps.UntilNotAsync(https, discoveryUrl, HttpStatusCode.OK, TimeSpan.FromSeconds(10));
            output.WriteLine($"no longer routed {dropped.TotalMilliseconds:F0} ms after the re-check");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("unknown_host", (await gone.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());
            Assert.Equal(serial, (await TlsProbe.HandshakeAsync(instance.HttpsPort, hostname)).Leaf.SerialNumber);

            // The record is back and the admin verifies again: the kept certificate, still valid, serves the name at once, no new order.
            await TestDns.SetTxtAsync($"_paylent-verification.{hostname}", active.GetProperty("verification_value").GetString()!);
            var verified = await api.PostAsync($"/api/domains/{id}/verify", new { });
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            var restored = (await verified.JsonAsync()).GetProperty("data").GetProperty("attributes");
            Assert.Equal(("active", "provisioned", serial), (restored.GetProperty("state").GetString(), restored.GetProperty("certificate_status").GetString(), restored.GetProperty("certificate_serial").GetString()));
            var (back, _) = await CustomDomainHttps.UntilNotAsync(https, discoveryUrl, HttpStatusCode.NotFound, TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            Assert.Equal(issuer, (await back.JsonAsync()).GetProperty("issuer").GetString());
            var requested = await (await api.GetAsync($"/api/audit-events?filter[target_id]={id}&filter[action]=domain.certificate_requested")).JsonAsync();
            Assert.Single(requested.GetProperty("data").EnumerateArray());
            output.WriteLine($"the whole story took {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
        }
    }
}
