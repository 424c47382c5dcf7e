using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Domains;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.OAuth;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains;

/// <summary>
/// Custom domains through the management API, verified against a real DNS server (pebble-challtestsrv):
/// the records an admin publishes, verify now, the daily re-check that disables a domain whose records
/// are gone, and the audit trail of each change (docs/domains.md).
/// </summary>
[Collection(DomainAppsCollection.Name)]
public sealed class DomainApiTests(DomainApps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_created_domain_waits_for_verification_and_lists_the_records_to_publish(DatabaseProvider provider)
    {
        var api = await ApiClient.ForAsync(await apps.On(provider));
        var hostname = TestDns.NewHostname();

        var response = await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname = hostname.ToUpperInvariant() + "." }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = (await response.JsonAsync()).GetProperty("data");
        var id = data.GetProperty("id").GetString()!;
        Assert.Equal($"/api/domains/{id}", response.Headers.Location!.AbsolutePath);
        var attributes = data.GetProperty("attributes");
        Assert.Equal(hostname, attributes.GetProperty("hostname").GetString());
        Assert.Equal(hostname, attributes.GetProperty("hostname_unicode").GetString());
        Assert.Equal("pending_verification", attributes.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, attributes.GetProperty("certificate_status").ValueKind);
        Assert.Equal(JsonValueKind.Null, attributes.GetProperty("last_checked_at").ValueKind);
        var value = attributes.GetProperty("verification_value").GetString()!;
        Assert.Equal(
            [("TXT", $"_paylent-verification.{hostname}", value), ("CNAME", hostname, "demo-test.localhost"), ("A", hostname, DomainApps.Address), ("AAAA", hostname, DomainApps.Address6)],
            Records(attributes));

        var fetched = (await (await api.GetAsync($"/api/domains/{id}")).JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.Equal(value, fetched.GetProperty("verification_value").GetString());
        var listed = (await (await api.GetAsync($"/api/domains?filter[search]={hostname}")).JsonAsync()).GetProperty("data");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        var pending = (await (await api.GetAsync("/api/domains?filter[state]=pending_verification&page[size]=100")).JsonAsync()).GetProperty("data");
        Assert.Contains(pending.EnumerateArray(), d => d.GetProperty("id").GetString() == id);
        var active = (await (await api.GetAsync("/api/domains?filter[state]=active&page[size]=100")).JsonAsync()).GetProperty("data");
        Assert.DoesNotContain(active.EnumerateArray(), d => d.GetProperty("id").GetString() == id);

        var created = (await AuditAsync(api, id))["domain.created"];
        Assert.Equal(hostname, created.GetProperty("changes").GetProperty("hostname").GetProperty("to").GetString());
        Assert.Equal("pending_verification", created.GetProperty("changes").GetProperty("state").GetProperty("to").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_domain_with_its_txt_record_and_a_cname_to_the_environment_host_is_verified_and_audited(DatabaseProvider provider)
    {
        var api = await ApiClient.ForAsync(await apps.On(provider));
        var (id, hostname, value) = await CreateAsync(api);
        await TestDns.SetTxtAsync($"_paylent-verification.{hostname}", value);
        await TestDns.SetCnameAsync(hostname, "demo-test.localhost");

        var attributes = await VerifyAsync(api, id);

        Assert.Equal("verified", attributes.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, attributes.GetProperty("last_error").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, attributes.GetProperty("verified_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, attributes.GetProperty("last_checked_at").ValueKind);
        var verified = (await AuditAsync(api, id))["domain.verified"];
        Assert.Equal("pending_verification", verified.GetProperty("changes").GetProperty("state").GetProperty("from").GetString());
        Assert.Equal("verified", verified.GetProperty("changes").GetProperty("state").GetProperty("to").GetString());
        Assert.Equal("client", verified.GetProperty("actor").GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_records_to_paylents_addresses_verify_and_a_foreign_address_or_cname_does_not(DatabaseProvider provider)
    {
        var api = await ApiClient.ForAsync(await apps.On(provider));
        var (apex, apexName, apexValue) = await CreateAsync(api);
        await TestDns.SetTxtAsync($"_paylent-verification.{apexName}", apexValue);
        await TestDns.AddAAsync(apexName, DomainApps.Address);
        await TestDns.AddAaaaAsync(apexName, DomainApps.Address6);
        Assert.Equal("verified", (await VerifyAsync(api, apex)).GetProperty("state").GetString());

        var (stray, strayName, strayValue) = await CreateAsync(api);
        await TestDns.SetTxtAsync($"_paylent-verification.{strayName}", strayValue);
        await TestDns.AddAAsync(strayName, DomainApps.Address, "198.51.100.7");
        var failed = await VerifyAsync(api, stray);
        Assert.Equal("verification_failed", failed.GetProperty("state").GetString());
        Assert.Contains("198.51.100.7", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        var (elsewhere, elsewhereName, elsewhereValue) = await CreateAsync(api);
        await TestDns.SetTxtAsync($"_paylent-verification.{elsewhereName}", elsewhereValue);
        await TestDns.SetCnameAsync(elsewhereName, "demo-production.localhost");
        var wrongTarget = await VerifyAsync(api, elsewhere);
        Assert.Equal("verification_failed", wrongTarget.GetProperty("state").GetString());
        Assert.Contains("must be a CNAME to demo-test.localhost", wrongTarget.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_missing_or_wrong_txt_record_fails_verification_with_a_clear_error_then_verifies_once_published(DatabaseProvider provider)
    {
        var api = await ApiClient.ForAsync(await apps.On(provider));
        var (id, hostname, value) = await CreateAsync(api);
        await TestDns.SetCnameAsync(hostname, "demo-test.localhost");

        var missing = await VerifyAsync(api, id);
        Assert.Equal("verification_failed", missing.GetProperty("state").GetString());
        Assert.Equal($"No TXT record found at _paylent-verification.{hostname}; create one holding {value}.", missing.GetProperty("last_error").GetString());

        await TestDns.SetTxtAsync($"_paylent-verification.{hostname}", "paylent-verification=someone-elses");
        var wrong = await VerifyAsync(api, id);
        Assert.Equal("verification_failed", wrong.GetProperty("state").GetString());
        Assert.Contains("holds another value", wrong.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        await TestDns.SetTxtAsync($"_paylent-verification.{hostname}", value);
        Assert.Equal("verified", (await VerifyAsync(api, id)).GetProperty("state").GetString());
        var trail = await AuditAsync(api, id);
        Assert.Contains("domain.verification_failed", trail.Keys);
        Assert.Contains("domain.verified", trail.Keys);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_recheck_job_disables_a_verified_domain_whose_txt_record_is_gone_and_keeps_the_others(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var (kept, keptName, keptValue) = await CreateAsync(api);
        var (lost, lostName, lostValue) = await CreateAsync(api);
        foreach (var (name, value) in new[] { (keptName, keptValue), (lostName, lostValue) })
        {
            await TestDns.SetTxtAsync($"_paylent-verification.{name}", value);
            await TestDns.SetCnameAsync(name, "demo-test.localhost");
        }

        Assert.Equal("verified", (await VerifyAsync(api, kept)).GetProperty("state").GetString());
        Assert.Equal("verified", (await VerifyAsync(api, lost)).GetProperty("state").GetString());
        await TestDns.ClearTxtAsync($"_paylent-verification.{lostName}");

        var (_, disabled) = await RecheckAsync(app);

        Assert.True(disabled >= 1);
        var lostNow = await GetAsync(api, lost);
        Assert.Equal("disabled", lostNow.GetProperty("state").GetString());
        Assert.Contains("No TXT record found", lostNow.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal("verified", (await GetAsync(api, kept)).GetProperty("state").GetString());
        var audit = (await AuditAsync(api, lost))["domain.disabled"];
        Assert.Equal("system", audit.GetProperty("actor").GetProperty("type").GetString());
        Assert.Equal("disabled", audit.GetProperty("changes").GetProperty("state").GetProperty("to").GetString());
        Assert.False((await AuditAsync(api, kept)).ContainsKey("domain.disabled"));

        // The records come back: verify now restores it.
        await TestDns.SetTxtAsync($"_paylent-verification.{lostName}", lostValue);
        Assert.Equal("verified", (await VerifyAsync(api, lost)).GetProperty("state").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dns_server_failure_fails_a_pending_domain_but_never_disables_a_verified_one(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var (pending, pendingName, _) = await CreateAsync(api);
        await TestDns.SetServfailAsync(pendingName);
        var (verified, verifiedName, verifiedValue) = await CreateAsync(api);
        await TestDns.SetTxtAsync($"_paylent-verification.{verifiedName}", verifiedValue);
        await TestDns.SetCnameAsync(verifiedName, "demo-test.localhost");
        Assert.Equal("verified", (await VerifyAsync(api, verified)).GetProperty("state").GetString());
        await TestDns.SetServfailAsync(verifiedName);
        try
        {
            var failed = await VerifyAsync(api, pending);
            Assert.Equal("verification_failed", failed.GetProperty("state").GetString());
            Assert.Contains("failed", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);

            await RecheckAsync(app);

            var kept = await GetAsync(api, verified);
            Assert.Equal("verified", kept.GetProperty("state").GetString());
            Assert.Contains($"The DNS lookup of CNAME {verifiedName} failed", kept.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await TestDns.ClearServfailAsync(pendingName);
            await TestDns.ClearServfailAsync(verifiedName);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_name_server_that_never_answers_fails_verification_with_a_timeout_not_an_exception(DatabaseProvider provider)
    {
        // A UDP socket nobody reads: every query to it times out.
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var settings = DomainApps.Settings($"127.0.0.1:{((IPEndPoint)silent.Client.LocalEndPoint!).Port}");
        settings["Paylent:Domains:DnsTimeout"] = "00:00:00.300";
        await using var app = await PaylentApp.StartAsync(provider, settings);
        var api = await ApiClient.ForAsync(app);
        var (id, _, _) = await CreateAsync(api);

        var attributes = await VerifyAsync(api, id);

        Assert.Equal("verification_failed", attributes.GetProperty("state").GetString());
        Assert.Contains("timed out", attributes.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_now_is_refused_with_429_while_the_last_check_is_recent()
    {
        var settings = DomainApps.Settings();
        settings["Paylent:Domains:MinimumCheckInterval"] = null;
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, settings);
        var api = await ApiClient.ForAsync(app);
        var (id, _, _) = await CreateAsync(api);
        await VerifyAsync(api, id);

        var again = await api.PostAsync($"/api/domains/{id}/verify", new { });

        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal("check_too_soon", (await again.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_domain_is_gone_audited_and_its_host_name_free_again(DatabaseProvider provider)
    {
        var api = await ApiClient.ForAsync(await apps.On(provider));
        var (id, hostname, _) = await CreateAsync(api);

        var deleted = await api.SendAsync(HttpMethod.Delete, $"/api/domains/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/domains/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Delete, $"/api/domains/{id}")).StatusCode);
        var audit = (await AuditAsync(api, id))["domain.deleted"];
        Assert.Equal(hostname, audit.GetProperty("changes").GetProperty("hostname").GetProperty("from").GetString());
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname }))).StatusCode);
    }

    internal static async Task<(string Id, string Hostname, string Value)> CreateAsync(ApiClient api, string? hostname = null)
    {
        hostname ??= TestDns.NewHostname();
        var response = await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = (await response.JsonAsync()).GetProperty("data");
        return (data.GetProperty("id").GetString()!, hostname, data.GetProperty("attributes").GetProperty("verification_value").GetString()!);
    }

    internal static async Task<JsonElement> VerifyAsync(ApiClient api, string id)
    {
        var response = await api.PostAsync($"/api/domains/{id}/verify", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("data").GetProperty("attributes");
    }

    private static async Task<JsonElement> GetAsync(ApiClient api, string id) =>
        (await (await api.GetAsync($"/api/domains/{id}")).JsonAsync()).GetProperty("data").GetProperty("attributes");

    private static Task<(int Checked, int Disabled)> RecheckAsync(PaylentApp app) =>
        app.WithServices(services => services.GetRequiredService<RecheckDomains>().RunAsync(CancellationToken.None));

    private static List<(string Type, string Name, string Value)> Records(JsonElement attributes) =>
        [.. attributes.GetProperty("dns_records").EnumerateArray()
            .Select(r => (r.GetProperty("type").GetString()!, r.GetProperty("name").GetString()!, r.GetProperty("value").GetString()!))];

    private static async Task<Dictionary<string, JsonElement>> AuditAsync(ApiClient api, string targetId)
    {
        var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={targetId}&page[size]=100")).JsonAsync();
        return trail.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("attributes"))
            .GroupBy(e => e.GetProperty("action").GetString()!).ToDictionary(g => g.Key, g => g.First());
    }
}
