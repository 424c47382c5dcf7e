using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.OAuth;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains;

/// <summary>
/// Bad domain requests on PostgreSQL (which refuses what SQLite forgives): every host name rule, bytes
/// that are not text, duplicates in every spelling and across environments, other environments' and
/// unknown ids, and two creates racing: a JSON:API error naming the fault, never a 5xx, nothing half-written.
/// </summary>
[Collection(DomainAppsCollection.Name)]
public sealed class DomainApiBadInputTests(DomainApps apps)
{
    /// <summary>One bad host name per rule, and its variants (case, trailing dot, Unicode), generated.</summary>
    public static TheoryData<string> BadHostnames()
    {
        var rules = new List<string>
        {
            "", " ", "com", "example", "localhost", "LOCALHOST.", "auth.localhost", "a.b.localhost.",
            "*.example.com", "auth.*.example.com", "*",
            "127.0.0.1", "127.0.0.1.", "10.0.0.300", "0x7f.0.0.1", "2130706433", "::1", "[::1]", "[2001:db8::1]", "2001:db8::1", "fe80::1%eth0", "example.123",
            "-auth.example.com", "auth-.example.com", "au_th.example.com", "auth..example.com", ".example.com", "auth.example.com..", "..",
            "auth example.com", " auth.example.com", "auth.example.com/", "https://auth.example.com", "auth.example.com:443", "user@auth.example.com", "auth.example.com?x", "auth.example.com#x",
            "xn--zz.example.com", "xn--.example.com", "auth\\.example.com", "auth%2eexample.com", "\"auth\".example.com",
            new string('a', 64) + ".example.com",
            string.Join('.', Enumerable.Repeat(new string('a', 63), 4)),
            string.Join('.', Enumerable.Repeat(string.Concat(Enumerable.Repeat("例え", 10)), 8)) + ".example",
            new string('a', 100_000),
        };
        foreach (var control in new[] { '\0', '\u0001', '\t', '\n', '\r', '\u001f', '\u007f', '\u0085', '\u200b', '\u2028', '\u00ad', '\uFEFF', '\u2060', '\uFFFD' })
        {
            rules.Add($"au{control}th.example.com");
        }

        var data = new TheoryData<string>();
        foreach (var rule in rules.Distinct())
        {
            data.Add(rule);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadHostnames))]
    public async Task A_bad_hostname_is_refused_with_a_pointer_and_nothing_is_created(string hostname)
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var before = await CountAsync(app);

        var response = await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname }));

        await AssertErrorAsync(response, 422, "/data/attributes/hostname");
        Assert.Equal(before, await CountAsync(app));
    }

    [Theory]
    [InlineData("{\"data\": {\"type\": \"domain\", \"attributes\": {\"hostname\": \"\\u0000.example.com\"}}}", 422)]
    [InlineData("{\"data\": {\"type\": \"domain\", \"attributes\": {\"hostname\": \"\\ud800.example.com\"}}}", 422)]
    [InlineData("{\"data\": {\"type\": \"domain\", \"attributes\": {\"hostname\": 5}}}", 422)]
    [InlineData("{\"data\": {\"type\": \"domain\", \"attributes\": {\"hostname\": [\"a.example.com\"]}}}", 422)]
    [InlineData("{\"data\": {\"type\": \"domain\", \"attributes\": {\"hostname\": null}}}", 422)]
    [InlineData("{\"data\": {\"type\": \"domain\", \"attributes\": {}}}", 422)]
    [InlineData("{\"data\": {\"type\": \"domain\", \"attributes\": {\"hostname\": \"a.example.com\", \"state\": \"active\"}}}", 422)]
    [InlineData("{\"data\": {\"type\": \"role\", \"attributes\": {\"hostname\": \"a.example.com\"}}}", 409)]
    [InlineData("{\"data\": []}", 400)]
    [InlineData("not json", 400)]
    public async Task A_malformed_document_is_refused_and_nothing_is_created(string body, int status)
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var before = await CountAsync(app);

        var response = await api.SendAsync(HttpMethod.Post, "/api/domains", body);

        await AssertErrorAsync(response, status, null);
        Assert.Equal(before, await CountAsync(app));
    }

    [Fact]
    public async Task A_body_that_is_not_utf_8_is_refused_and_nothing_is_created()
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var before = await CountAsync(app);
        byte[] body = [.. "{\"data\": {\"type\": \"domain\", \"attributes\": {\"hostname\": \"a"u8, 0xFF, 0xFE, .. ".example.com\"}}}"u8];
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/domains") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ApiClient.MediaType);

        var response = await api.Http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(before, await CountAsync(app));
    }

    [Fact]
    public async Task Every_spelling_of_a_taken_host_name_conflicts_in_this_and_in_another_environment()
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var production = await ApiClient.ForAsync(app, "production");
        var label = $"bücher-{Guid.NewGuid():N}"[..20];
        var unicode = $"{label}.example.test";
        var (id, _, _) = await DomainApiTests.CreateAsync(api, unicode);
        var stored = await HostnameAsync(app, id);
        Assert.StartsWith("xn--", stored, StringComparison.Ordinal);

        foreach (var spelling in new[] { unicode, unicode.ToUpperInvariant(), unicode + ".", stored, stored.ToUpperInvariant() + "." })
        {
            foreach (var caller in new[] { api, production })
            {
                var response = await caller.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname = spelling }));
                await AssertErrorAsync(response, 409, "/data/attributes/hostname");
                Assert.Equal("hostname_taken", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());
            }
        }

        Assert.Equal(1, await CountByHostnameAsync(app, stored));
    }

    [Fact]
    public async Task Names_under_the_base_domain_are_refused()
    {
        var settings = DomainApps.Settings();
        settings["Paylent:BaseDomain"] = "paylent.test";
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Postgres, settings);
        var http = app.Client("demo-test.paylent.test");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await http.AccessTokenAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret));
        var api = new ApiClient(http);

        foreach (var hostname in new[] { "paylent.test", "PAYLENT.TEST.", "demo-production.paylent.test", "a.b.paylent.test" })
        {
            await AssertErrorAsync(await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname })), 422, "/data/attributes/hostname");
        }

        var allowed = await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname = "mypaylent.test" }));
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var records = (await allowed.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("dns_records");
        Assert.Equal("demo-test.paylent.test", records[1].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Another_environments_domain_and_unknown_ids_are_404_and_left_as_they_were()
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var production = await ApiClient.ForAsync(app, "production");
        var (foreign, foreignName, _) = await DomainApiTests.CreateAsync(production);
        var missing = Guid.NewGuid().ToString();

        foreach (var id in new[] { foreign, missing })
        {
            await AssertErrorAsync(await api.GetAsync($"/api/domains/{id}"), 404, null);
            await AssertErrorAsync(await api.PostAsync($"/api/domains/{id}/verify", new { }), 404, null);
            await AssertErrorAsync(await api.SendAsync(HttpMethod.Delete, $"/api/domains/{id}"), 404, null);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/domains/not-an-id")).StatusCode);
        Assert.DoesNotContain(
            (await (await api.GetAsync($"/api/domains?filter[search]={foreignName}")).JsonAsync()).GetProperty("data").EnumerateArray(),
            d => d.GetProperty("id").GetString() == foreign);
        var kept = (await (await production.GetAsync($"/api/domains/{foreign}")).JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.Equal("pending_verification", kept.GetProperty("state").GetString());
        Assert.Equal(JsonValueKindNull, kept.GetProperty("last_checked_at").ValueKind);
    }

    [Theory]
    [InlineData("filter[state]=Active")]
    [InlineData("filter[state]=bogus")]
    [InlineData("filter[state]=a&filter[state]=b")]
    [InlineData("page[size]=0")]
    [InlineData("page[size]=101")]
    public async Task A_bad_list_filter_is_refused(string query)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Postgres));

        var response = await api.GetAsync($"/api/domains?{query}");

        Assert.InRange((int)response.StatusCode, 400, 422);
        Assert.Equal(ApiClient.MediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Two_creates_of_one_host_name_at_once_leave_one_domain_and_answer_the_other_409()
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var (api, other) = (await ApiClient.ForAsync(app), await ApiClient.ForAsync(app, "production"));
        for (var round = 0; round < 5; round++)
        {
            var hostname = TestDns.NewHostname("race");

            var responses = await Task.WhenAll(
                api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname })),
                other.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname = hostname.ToUpperInvariant() + "." })));

            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            await AssertErrorAsync(loser, 409, null);
            Assert.Equal(1, await CountByHostnameAsync(app, hostname));
            var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).JsonAsync()).GetProperty("data").GetProperty("id").GetString();
            Assert.Equal(1, await CreatedAuditCountAsync(app, hostname));
            Assert.NotNull(winner);
        }
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string? pointer)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(ApiClient.MediaType, response.Content.Headers.ContentType?.MediaType);
        var error = (await response.JsonAsync()).GetProperty("errors")[0];
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("detail").GetString()));
        if (pointer is not null)
        {
            Assert.Equal(pointer, error.GetProperty("source").GetProperty("pointer").GetString());
        }
    }

    private static Task<int> CountAsync(PaylentApp app) =>
        app.WithServices(services => services.GetRequiredService<PaylentDbContext>().CustomDomains.IgnoreQueryFilters().CountAsync());

    private static Task<int> CountByHostnameAsync(PaylentApp app, string hostname) =>
        app.WithServices(services => services.GetRequiredService<PaylentDbContext>().CustomDomains.IgnoreQueryFilters().CountAsync(d => d.Hostname == hostname));

    private static Task<string> HostnameAsync(PaylentApp app, string id) =>
        app.WithServices(services => services.GetRequiredService<PaylentDbContext>().CustomDomains.IgnoreQueryFilters()
            .Where(d => d.Id == Guid.Parse(id)).Select(d => d.Hostname).SingleAsync());

    private static async Task<int> CreatedAuditCountAsync(PaylentApp app, string hostname)
    {
        var ids = await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().CustomDomains.IgnoreQueryFilters()
            .Where(d => d.Hostname == hostname).Select(d => d.Id.ToString()).ToListAsync());
        return await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().AuditEvents.IgnoreQueryFilters()
            .CountAsync(e => e.Action == "domain.created" && e.Targets.Any(t => ids.Contains(t.Id))));
    }
}
