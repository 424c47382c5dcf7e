using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Paylent.Infrastructure.Domains.Certificates;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Domains.Acme;
using Paylent.IntegrationTests.Domains.Tls;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using Xunit.Abstractions;
using static Paylent.IntegrationTests.Domains.Certificates.IssuanceScenario;

namespace Paylent.IntegrationTests.Domains.Certificates;

/// <summary>
/// The issuance and renewal jobs end to end against Pebble: a verified domain gets its certificate through
/// HTTP-01 answered by Paylent's own listener, every instance serves it by SNI, a renewal at a moved clock
/// replaces it, and two instances order once (docs/domains.md, "Issuance and renewal").
/// </summary>
[Collection(PebbleCollection.Name)]
public sealed class CertificateIssuanceTests(Pebble pebble, ITestOutputHelper output)
{
    [Fact]
    public async Task A_verified_domain_is_issued_a_certificate_served_by_sni_and_renewed_at_two_thirds_of_its_lifetime()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var clock = new TestClock();
        var settings = Settings(pebble);
        await using var writer = PaylentApp.Start(database, settings, clock);
        await using (await pebble.LendHttpPortAsync())
        {
            await using var instance = await CustomDomainInstance.StartAsync(database, pebble.HttpPort, settings);
            await TlsProbe.UntilListeningAsync(database, 2);
            var started = TimeProvider.System.GetTimestamp();

            // Verified → queued at once → certificate_pending → active, on whichever instance took the job.
            var (id, hostname, api) = await VerifiedDomainAsync(writer);
            var active = await UntilAsync(api, id, d => d.GetProperty("state").GetString() is "active" or "certificate_failed");
            output.WriteLine($"verified to active in {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            Assert.Equal(("active", "provisioned"), (active.GetProperty("state").GetString(), active.GetProperty("certificate_status").GetString()));
            Assert.Contains("Pebble", active.GetProperty("certificate_issuer").GetString(), StringComparison.Ordinal);
            var serial = active.GetProperty("certificate_serial").GetString()!;
            var (notBefore, notAfter, renewAfter) = (Time(active, "certificate_not_before"), Time(active, "certificate_not_after"), Time(active, "renew_after"));
            Assert.Equal(notBefore + (notAfter - notBefore) * 2 / 3, renewAfter, TimeSpan.FromSeconds(1));

            // The instance the CA and the client reach serves it, with a chain to Pebble's root.
            await TlsProbe.UntilServedAsync(instance.HttpsPort, hostname, serial, TimeSpan.FromSeconds(10));
            var served = await TlsProbe.HandshakeAsync(instance.HttpsPort, hostname);
            using var root = await pebble.IssuingRootAsync();
            using (var chain = new X509Chain())
            {
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.ExtraStore.AddRange(served.Sent);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                Assert.True(chain.Build(served.Leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
                Assert.Equal(root.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
            }

            // Nothing is left to answer, and the renewal is not due yet.
            Assert.False(await writer.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().AcmeChallenges.AnyAsync(c => c.Hostname == hostname)));
            Assert.Equal(0, (await RenewAsync(writer))[CertificateOrderOutcome.Issued]);

            // At two thirds of its lifetime, the renewal job orders a new one; the old one serves until it is stored.
            clock.Advance(renewAfter - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
            Assert.Equal(serial, (await TlsProbe.HandshakeAsync(instance.HttpsPort, hostname)).Leaf.SerialNumber);
            Assert.Equal(1, (await RenewAsync(writer))[CertificateOrderOutcome.Issued]);
            api = await ApiClient.ForAsync(writer);
            var renewed = await DomainAsync(api, id);
            var newSerial = renewed.GetProperty("certificate_serial").GetString()!;
            Assert.NotEqual(serial, newSerial);
            Assert.Equal(("active", "provisioned"), (renewed.GetProperty("state").GetString(), renewed.GetProperty("certificate_status").GetString()));

            // The schedule follows the new certificate (Pebble dates it by the real clock, not the moved one).
            var (newNotBefore, newNotAfter) = (Time(renewed, "certificate_not_before"), Time(renewed, "certificate_not_after"));
            Assert.Equal(newNotBefore + (newNotAfter - newNotBefore) * 2 / 3, Time(renewed, "renew_after"), TimeSpan.FromSeconds(1));
            Assert.Equal(JsonValueKind.Null, renewed.GetProperty("last_error").ValueKind);
            output.WriteLine($"renewed certificate served after {(await TlsProbe.UntilServedAsync(instance.HttpsPort, hostname, newSerial, TimeSpan.FromSeconds(10))).TotalMilliseconds:F0} ms");

            // Audited with field-level changes, and no key material anywhere in the trail.
            var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={id}&page[size]=100")).JsonAsync();
            var events = trail.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("attributes")).ToList();
            var actions = events.Select(e => e.GetProperty("action").GetString()).ToList();
            Assert.Contains("domain.certificate_requested", actions);
            Assert.Equal(2, actions.Count(a => a == "domain.certificate_issued"));
            var issued = events.First(e => e.GetProperty("action").GetString() == "domain.certificate_issued").GetProperty("changes");
            Assert.True(issued.TryGetProperty("certificate_serial", out _));
            Assert.DoesNotContain("PRIVATE KEY", trail.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("sealed", trail.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Two_instances_running_the_issuance_job_at_once_order_a_domains_certificate_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var settings = Settings(pebble);
        await using var first = PaylentApp.Start(database, settings);
        await using var second = PaylentApp.Start(database, settings);
        await using (await pebble.LendHttpPortAsync())
        {
            await using var instance = await CustomDomainInstance.StartAsync(database, pebble.HttpPort, settings);
            await TlsProbe.UntilListeningAsync(database, 3);

            // Verified behind the application's back, so no save queues an order: the jobs alone race for it.
            var api = await ApiClient.ForAsync(first);
            var hostname = TestDns.NewHostname();
            await TestDns.AddAAsync(hostname, "127.0.0.1");
            var id = (await (await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname }))).JsonAsync()).GetProperty("data").GetProperty("id").GetString()!;
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var verify = new NpgsqlCommand("UPDATE custom_domains SET state = 'verified', verified_at = now() WHERE id = @id", connection);
                verify.Parameters.AddWithValue("id", Guid.Parse(id));
                Assert.Equal(1, await verify.ExecuteNonQueryAsync());
            }

            var runs = await Task.WhenAll(IssueAsync(first), IssueAsync(second), IssueAsync(first), IssueAsync(second));

            Assert.Equal(1, runs.Sum(r => r[CertificateOrderOutcome.Issued]));
            Assert.Equal(0, runs.Sum(r => r[CertificateOrderOutcome.Failed]));
            output.WriteLine($"outcomes: {string.Join(", ", runs.SelectMany(r => r).Where(o => o.Value > 0).GroupBy(o => o.Key).Select(g => $"{g.Key} {g.Sum(o => o.Value)}"))}");
            Assert.Equal(1, await first.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().CertificateOrders.CountAsync(o => o.DomainId == Guid.Parse(id))));
            Assert.Equal("active", (await DomainAsync(api, id)).GetProperty("state").GetString());

            // One account key for the install, however many instances asked for it first.
            Assert.Equal(1, await first.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().AcmeAccounts.CountAsync()));
        }
    }

    [Fact]
    public async Task Instances_making_the_first_account_key_at_once_end_with_one_key()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var settings = Settings(pebble);
        await using var first = PaylentApp.Start(database, settings);
        await using var second = PaylentApp.Start(database, settings);

        var keys = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            ((i % 2 == 0 ? first : second).Services.GetRequiredService<AcmeAccounts>()).LoadOrCreateKeyAsync(CancellationToken.None)));

        Assert.Single(keys.Select(k => Convert.ToBase64String(k.ExportSubjectPublicKeyInfo())).Distinct());
        Assert.Equal(1, await first.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().AcmeAccounts.CountAsync()));
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task A_challenge_the_ca_cannot_validate_fails_the_domain_with_the_cas_problem_and_retries_later_and_later()
    {
        // No Paylent listener on Pebble's HTTP-01 port: the fixture's responder answers 404 for the token.
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, Settings(pebble), clock);
        var (id, _, api) = await VerifiedDomainAsync(app);
        await app.BackgroundCommandsDoneAsync();

        var failed = await UntilAsync(api, id, d => d.GetProperty("state").GetString() == "certificate_failed");
        Assert.Equal("provisioning_failed", failed.GetProperty("certificate_status").GetString());
        var error = failed.GetProperty("last_error").GetString()!;
        output.WriteLine(error);
        Assert.Contains("urn:ietf:params:acme:error:", error, StringComparison.Ordinal);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(1), Time(failed, "renew_after"), TimeSpan.FromSeconds(1));

        // Not before its time; then again, and the next wait is twice as long.
        Assert.Equal(0, (await IssueAsync(app))[CertificateOrderOutcome.Failed]);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await IssueAsync(app))[CertificateOrderOutcome.Failed]);

        // A new token: the first one expired with the moved clock.
        var again = await DomainAsync(await ApiClient.ForAsync(app), id);
        Assert.Equal("certificate_failed", again.GetProperty("state").GetString());
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(2), Time(again, "renew_after"), TimeSpan.FromSeconds(1));
        Assert.Equal(0, await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().AcmeChallenges.CountAsync()));
    }

    [Fact]
    public async Task A_ca_that_cannot_be_reached_leaves_the_domain_pending_with_the_reason_and_retries_with_backoff()
    {
        var clock = new TestClock();
        var settings = Settings(pebble);
        settings["Paylent:Acme:DirectoryUrl"] = $"https://127.0.0.1:{TlsProbe.FreePort()}/dir";
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, settings, clock);
        var (id, _, api) = await VerifiedDomainAsync(app);
        await app.BackgroundCommandsDoneAsync();

        var waiting = await UntilAsync(api, id, d => d.GetProperty("last_error").ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Equal(("certificate_pending", "provisioning"), (waiting.GetProperty("state").GetString(), waiting.GetProperty("certificate_status").GetString()));
        Assert.Contains("could not be reached", waiting.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(1), Time(waiting, "renew_after"), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await IssueAsync(app))[CertificateOrderOutcome.Failed]);
        var still = await DomainAsync(await ApiClient.ForAsync(app), id);
        Assert.Equal("certificate_pending", still.GetProperty("state").GetString());
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(2), Time(still, "renew_after"), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_malformed_answer_from_the_ca_fails_the_domain_with_a_clear_error()
    {
        var ca = new FakeCa().On("/new-order", () => FakeCa.Json(HttpStatusCode.Created, """{"status":"pending","identifiers":"not a list"}""", location: $"{FakeCa.Origin}/order/1"));
        var settings = Settings(pebble);
        settings["Paylent:Acme:DirectoryUrl"] = $"{FakeCa.Origin}/directory";
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, settings, services =>
            services.AddHttpClient(Paylent.Infrastructure.Domains.Acme.AcmeClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => ca));
        var (id, _, api) = await VerifiedDomainAsync(app);
        await app.BackgroundCommandsDoneAsync();

        var failed = await UntilAsync(api, id, d => d.GetProperty("state").GetString() == "certificate_failed");
        var error = failed.GetProperty("last_error").GetString()!;
        output.WriteLine(error);
        Assert.StartsWith("The certificate authority answered against the ACME protocol (RFC 8555):", error, StringComparison.Ordinal);
        Assert.Contains("identifiers", error, StringComparison.Ordinal);
        Assert.Single(ca.To("/new-order"));
    }

    [Fact]
    public async Task Renew_now_orders_a_new_certificate_for_an_active_domain_deleting_it_stops_serving_it_and_renew_is_refused_without_a_certificate()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var settings = Settings(pebble);
        await using var writer = PaylentApp.Start(database, settings);
        await using (await pebble.LendHttpPortAsync())
        {
            await using var instance = await CustomDomainInstance.StartAsync(database, pebble.HttpPort, settings);
            await TlsProbe.UntilListeningAsync(database, 2);
            var (id, hostname, api) = await VerifiedDomainAsync(writer);
            var serial = (await UntilAsync(api, id, d => d.GetProperty("state").GetString() == "active")).GetProperty("certificate_serial").GetString();

            var renew = await api.PostAsync($"/api/domains/{id}/renew", new { });

            Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode);
            var renewed = await UntilAsync(api, id, d => d.GetProperty("certificate_serial").GetString() != serial, seconds: 120);
            Assert.Equal(("active", "provisioned"), (renewed.GetProperty("state").GetString(), renewed.GetProperty("certificate_status").GetString()));
            var renewedSerial = renewed.GetProperty("certificate_serial").GetString()!;
            await TlsProbe.UntilServedAsync(instance.HttpsPort, hostname, renewedSerial, TimeSpan.FromSeconds(10));

            // Deleted: its certificate is no longer served for the name, on the other instance either.
            Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/domains/{id}")).StatusCode);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await TlsProbe.HandshakeAsync(instance.HttpsPort, hostname)).Leaf.SerialNumber == renewedSerial)
            {
                Assert.True(DateTime.UtcNow < deadline, "The deleted domain's certificate was still served after 30 seconds.");
                await Task.Delay(200);
            }

            var created = (await (await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname = TestDns.NewHostname() }))).JsonAsync()).GetProperty("data");
            var refused = await api.PostAsync($"/api/domains/{created.GetProperty("id").GetString()}/renew", new { });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = (await refused.JsonAsync()).GetProperty("errors")[0];
            Assert.Equal("invalid_domain_state", problem.GetProperty("code").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/domains/{Guid.NewGuid()}/renew", new { })).StatusCode);
        }
    }
}
