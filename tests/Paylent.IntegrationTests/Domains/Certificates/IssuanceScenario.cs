using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Domains.Certificates;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Domains.Acme;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains.Certificates;

/// <summary>What the issuance tests share: the settings of an install ordering from Pebble, and a domain taken to <c>verified</c> through the API and the test DNS.</summary>
internal static class IssuanceScenario
{
    /// <summary>Pebble as the CA, the test DNS as name server, 127.0.0.1 (where Pebble's HTTP-01 port is) as Paylent's address.</summary>
    public static Dictionary<string, string?> Settings(Pebble pebble) => new()
    {
        ["Paylent:Acme:DirectoryUrl"] = pebble.Directory.AbsoluteUri,
        ["Paylent:Acme:TrustedCertificatesFile"] = pebble.RootsFile,
        ["Paylent:Acme:Email"] = "certificates@paylent.example",
        ["Paylent:Acme:Enabled"] = "true",
        ["Paylent:Acme:ChallengePropagationDelay"] = "00:00:01",
        ["Paylent:Domains:NameServers:0"] = TestDns.Server,
        ["Paylent:Domains:Addresses:0"] = "127.0.0.1",
        ["Paylent:Domains:MinimumCheckInterval"] = "00:00:00",
    };

    /// <summary>Adds a fresh host name, publishes its TXT and A records, and verifies it: the domain's id, host name, and the API client.</summary>
    public static async Task<(string Id, string Hostname, ApiClient Api)> VerifiedDomainAsync(PaylentApp app)
    {
        var api = await ApiClient.ForAsync(app);
        var hostname = TestDns.NewHostname();
        var created = (await (await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname }))).JsonAsync()).GetProperty("data");
        var id = created.GetProperty("id").GetString()!;
        await TestDns.SetTxtAsync($"_paylent-verification.{hostname}", created.GetProperty("attributes").GetProperty("verification_value").GetString()!);
        await TestDns.AddAAsync(hostname, "127.0.0.1");
        var verified = await api.PostAsync($"/api/domains/{id}/verify", new { });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        return (id, hostname, api);
    }

    public static async Task<JsonElement> DomainAsync(ApiClient api, string id) =>
        (await (await api.GetAsync($"/api/domains/{id}")).JsonAsync()).GetProperty("data").GetProperty("attributes");

    /// <summary>Polls the domain until <paramref name="until"/> holds of its attributes, or fails after <paramref name="seconds"/>.</summary>
    public static async Task<JsonElement> UntilAsync(ApiClient api, string id, Func<JsonElement, bool> until, int seconds = 60)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var domain = await DomainAsync(api, id);
            if (until(domain))
            {
                return domain;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(seconds), $"the domain stayed {domain}");
            await Task.Delay(200);
        }
    }

    public static DateTime Time(JsonElement domain, string attribute) =>
        DateTime.Parse(domain.GetProperty(attribute).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static Task<IReadOnlyDictionary<CertificateOrderOutcome, int>> IssueAsync(PaylentApp app) =>
        app.WithServices(sp => sp.GetRequiredService<IssueCertificates>().RunAsync(CancellationToken.None));

    public static Task<IReadOnlyDictionary<CertificateOrderOutcome, int>> RenewAsync(PaylentApp app) =>
        app.WithServices(sp => sp.GetRequiredService<RenewCertificates>().RunAsync(CancellationToken.None));
}
