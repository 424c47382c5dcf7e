using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Domains.Certificates;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Domains.Acme;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using static Paylent.IntegrationTests.Domains.Certificates.IssuanceScenario;

namespace Paylent.IntegrationTests.Domains.Certificates;

/// <summary>
/// ACME Renewal Information (RFC 9773) in the renewal job, against a scripted CA that issues (Debian's
/// Pebble offers no <c>renewalInfo</c>): the CA's window sets <c>renew_after</c>, its Retry-After paces the
/// checks, bad answers change nothing, and a renewal names the certificate it replaces
/// (docs/domains.md, "Renewal information").
/// </summary>
public sealed class RenewalInfoTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_renewal_information_in_the_directory_a_certificate_is_renewed_at_two_thirds_of_its_lifetime_without_replaces(DatabaseProvider provider)
    {
        var clock = new TestClock();
        using var ca = new IssuingFakeCa(clock, renewalInfo: false);
        var (app, id) = await ActiveDomainAsync(provider, clock, ca);
        await using (app)
        {
            var active = await CurrentAsync(app, id);
            var (notBefore, notAfter, renewAfter) = (Time(active, "certificate_not_before"), Time(active, "certificate_not_after"), Time(active, "renew_after"));
            Assert.Equal(notBefore + (notAfter - notBefore) * 2 / 3, renewAfter, TimeSpan.FromSeconds(1));

            Assert.Equal(0, (await RenewAsync(app))[CertificateOrderOutcome.Issued]);
            Assert.Equal(renewAfter, Time(await CurrentAsync(app, id), "renew_after"), TimeSpan.FromSeconds(1));

            clock.Advance(renewAfter - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
            Assert.Equal(1, (await RenewAsync(app))[CertificateOrderOutcome.Issued]);
            Assert.DoesNotContain(ca.Ca.Requests, r => r.Path.StartsWith(IssuingFakeCa.RenewalInfoPath, StringComparison.Ordinal));
            Assert.All(ca.Ca.To("/new-order"), order => Assert.False(Jws.Decode(order.Body!, "payload").TryGetProperty("replaces", out _)));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_suggested_window_ahead_moves_renew_after_into_it_and_the_renewal_then_replaces_the_old_certificate(DatabaseProvider provider)
    {
        var clock = new TestClock();
        using var ca = new IssuingFakeCa(clock);
        var (app, id) = await ActiveDomainAsync(provider, clock, ca);
        await using (app)
        {
            var now = clock.GetUtcNow();
            var (start, end) = (now.AddDays(10), now.AddDays(12));
            ca.RenewalInfo(0, () => IssuingFakeCa.Window(start, end));

            Assert.Equal(0, (await RenewAsync(app))[CertificateOrderOutcome.Issued]);

            var scheduled = await CurrentAsync(app, id);
            var renewAfter = Time(scheduled, "renew_after");
            Assert.InRange(renewAfter, start.UtcDateTime, end.UtcDateTime);
            Assert.Single(ca.Ca.To($"{IssuingFakeCa.RenewalInfoPath}/{ca.CertId(0)}"));
            var trail = await (await (await ApiClient.ForAsync(app)).GetAsync($"/api/audit-events?filter[target_id]={id}&page[size]=100")).JsonAsync();
            Assert.Contains(trail.GetProperty("data").EnumerateArray(), e => e.GetProperty("attributes").GetProperty("action").GetString() == "domain.renewal_scheduled");

            // The same window again keeps the time chosen in it (no new draw at every check).
            clock.Advance(TimeSpan.FromHours(7));
            await RenewAsync(app);
            Assert.Equal(2, ca.Ca.To($"{IssuingFakeCa.RenewalInfoPath}/{ca.CertId(0)}").Count());
            Assert.Equal(renewAfter, Time(await CurrentAsync(app, id), "renew_after"), TimeSpan.FromSeconds(1));

            clock.Advance(renewAfter - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
            Assert.Equal(1, (await RenewAsync(app))[CertificateOrderOutcome.Issued]);
            var renewal = ca.Ca.To("/new-order").Last();
            Assert.Equal(ca.CertId(0), Jws.Decode(renewal.Body!, "payload").GetProperty("replaces").GetString());
            Assert.Equal(("active", "provisioned"), await StateAsync(app, id));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_suggested_window_already_past_renews_the_certificate_in_the_same_run(DatabaseProvider provider)
    {
        var clock = new TestClock();
        using var ca = new IssuingFakeCa(clock);
        var (app, id) = await ActiveDomainAsync(provider, clock, ca);
        await using (app)
        {
            var serial = (await CurrentAsync(app, id)).GetProperty("certificate_serial").GetString();
            var now = clock.GetUtcNow();
            ca.RenewalInfo(0, () => IssuingFakeCa.Window(now.AddDays(-2), now.AddDays(-1)));

            Assert.Equal(1, (await RenewAsync(app))[CertificateOrderOutcome.Issued]);

            var renewed = await CurrentAsync(app, id);
            Assert.NotEqual(serial, renewed.GetProperty("certificate_serial").GetString());
            Assert.Equal(ca.CertId(0), Jws.Decode(ca.Ca.To("/new-order").Last().Body!, "payload").GetProperty("replaces").GetString());

            // The new certificate is asked about under its own certID, at the next run.
            ca.RenewalInfo(1, () => IssuingFakeCa.Window(now.AddDays(50), now.AddDays(52)));
            await RenewAsync(app);
            Assert.InRange(Time(await CurrentAsync(app, id), "renew_after"), now.AddDays(50).UtcDateTime, now.AddDays(52).UtcDateTime);
        }
    }

    [Fact]
    public Task The_ca_is_asked_again_no_sooner_than_its_retry_after_clamped_to_one_hour_and_one_day() =>
        AssertPaceAsync(
            now =>
            [
                () => IssuingFakeCa.Window(now.AddDays(10), now.AddDays(12), retryAfter: "60"),
                () => IssuingFakeCa.Window(now.AddDays(10), now.AddDays(12), retryAfter: "7200"),
                () => IssuingFakeCa.Window(now.AddDays(10), now.AddDays(12), retryAfter: "864000"),
            ],
            (TimeSpan.Zero, 1),
            (TimeSpan.FromMinutes(30), 1),     // 60 s counts as the 1 h minimum
            (TimeSpan.FromMinutes(31), 2),
            (TimeSpan.FromMinutes(119), 2),    // 7200 s
            (TimeSpan.FromMinutes(2), 3),
            (TimeSpan.FromHours(23), 3),       // 10 days counts as the 24 h maximum
            (TimeSpan.FromMinutes(61), 4));

    [Fact]
    public Task An_error_answer_with_retry_after_is_asked_again_no_sooner_than_it_says_and_one_without_after_the_minimum_doubled_for_each_failure_before() =>
        AssertPaceAsync(
            now =>
            [
                () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable).WithRetryAfter("10800"),
                () => FakeCa.Problem(HttpStatusCode.TooManyRequests, "urn:ietf:params:acme:error:rateLimited", "slow down").WithRetryAfter("7200"),
                () => new HttpResponseMessage(HttpStatusCode.InternalServerError),
                () => new HttpResponseMessage(HttpStatusCode.InternalServerError),
                () => IssuingFakeCa.Window(now.AddDays(10), now.AddDays(12), retryAfter: "3600"),
                () => new HttpResponseMessage(HttpStatusCode.InternalServerError),
                () => IssuingFakeCa.Window(now.AddDays(10), now.AddDays(12), retryAfter: "3600"),
            ],
            (TimeSpan.Zero, 1),
            (TimeSpan.FromHours(2), 1),        // a 503 saying 3 h
            (TimeSpan.FromMinutes(61), 2),
            (TimeSpan.FromMinutes(90), 2),     // a rate-limit problem saying 2 h
            (TimeSpan.FromMinutes(31), 3),
            (TimeSpan.FromMinutes(239), 3),    // a 500 saying nothing, the third failure in a row: 4 h
            (TimeSpan.FromMinutes(2), 4),
            (TimeSpan.FromMinutes(479), 4),    // the fourth: 8 h
            (TimeSpan.FromMinutes(2), 5),
            (TimeSpan.FromMinutes(61), 6),     // a window resets the count: after it, one failure waits the 1 h minimum
            (TimeSpan.FromMinutes(61), 7));

    [Fact]
    public Task A_ca_failing_without_retry_after_is_asked_ever_more_rarely_but_at_least_once_a_day() =>
        AssertPaceAsync(
            _ => [.. Enumerable.Range(0, 8).Select(_ => (Func<HttpResponseMessage>)(() => new HttpResponseMessage(HttpStatusCode.InternalServerError)))],
            (TimeSpan.Zero, 1),
            (TimeSpan.FromMinutes(61), 2),     // 1 h
            (TimeSpan.FromMinutes(119), 2),
            (TimeSpan.FromMinutes(2), 3),      // 2 h
            (TimeSpan.FromMinutes(239), 3),
            (TimeSpan.FromMinutes(2), 4),      // 4 h
            (TimeSpan.FromHours(8), 5),        // 8 h
            (TimeSpan.FromHours(16), 6),       // 16 h
            (TimeSpan.FromMinutes(1439), 6),
            (TimeSpan.FromMinutes(2), 7),      // 32 h, lowered to the 24 h maximum
            (TimeSpan.FromHours(24), 8));

    /// <summary>The CA answers the certificate's renewal information in turn; after each step of the clock, the job has asked it so many times in all.</summary>
    private static async Task AssertPaceAsync(Func<DateTimeOffset, Func<HttpResponseMessage>[]> answers, params (TimeSpan Advance, int Checks)[] steps)
    {
        var clock = new TestClock();
        using var ca = new IssuingFakeCa(clock);
        var (app, _) = await ActiveDomainAsync(DatabaseProvider.Sqlite, clock, ca);
        await using (app)
        {
            ca.RenewalInfo(0, answers(clock.GetUtcNow()));
            var path = $"{IssuingFakeCa.RenewalInfoPath}/{ca.CertId(0)}";
            foreach (var (advance, checks) in steps)
            {
                clock.Advance(advance);
                await RenewAsync(app);
                Assert.Equal(checks, ca.Ca.To(path).Count());
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Malformed_renewal_information_is_ignored_and_the_schedule_kept(DatabaseProvider provider)
    {
        var clock = new TestClock();
        using var ca = new IssuingFakeCa(clock);
        var (app, id) = await ActiveDomainAsync(provider, clock, ca);
        await using (app)
        {
            var now = clock.GetUtcNow();
            var malformed = new[]
            {
                "not JSON {",
                """{"suggestedWindow":{"start":"2026-12-20T00:00:00Z","end":"2026-12-19T00:00:00Z"}}""",
                """{"suggestedWindow":{"start":"2026-12-20T00:00:00Z","end":"2026-12-20T00:00:00Z"}}""",
                """{"suggestedWindow":{"start":"12/20/2026","end":"2026-12-21T00:00:00Z"}}""",
                """{"suggestedWindow":"soon"}""",
                "{\"suggestedWindow\":{\"start\":\"2026-12-20T00:00:00Z\",\"end\":\"2026-12-21T00:00:00Z\"},\"padding\":\"" + new string('x', 20_000) + "\"}",
                new string(' ', 2 * 1024 * 1024),
            };
            ca.RenewalInfo(0, [() => IssuingFakeCa.Window(now.AddDays(10), now.AddDays(12), retryAfter: "3600"), .. malformed.Select(body => (Func<HttpResponseMessage>)(() => FakeCa.Json(HttpStatusCode.OK, body)))]);

            await RenewAsync(app);
            var renewAfter = Time(await CurrentAsync(app, id), "renew_after");
            Assert.InRange(renewAfter, now.AddDays(10).UtcDateTime, now.AddDays(12).UtcDateTime);

            // Each bad answer is read (after the window's 1 h, then the minimum doubled for each bad answer
            // before it: 1 h, 2 h, 4 h, ... at most 24 h), logged, and changes nothing.
            for (var i = 0; i < malformed.Length; i++)
            {
                clock.Advance(TimeSpan.FromHours(i == 0 ? 1 : Math.Min(24, 1 << (i - 1))) + TimeSpan.FromMinutes(1));
                Assert.Equal(0, (await RenewAsync(app))[CertificateOrderOutcome.Failed]);
                var domain = await CurrentAsync(app, id);
                Assert.Equal(renewAfter, Time(domain, "renew_after"), TimeSpan.FromSeconds(1));
                Assert.Equal(("active", "provisioned"), (domain.GetProperty("state").GetString(), domain.GetProperty("certificate_status").GetString()));
                Assert.Equal(JsonValueKind.Null, domain.GetProperty("last_error").ValueKind);
            }

            Assert.Equal(1 + malformed.Length, ca.Ca.To($"{IssuingFakeCa.RenewalInfoPath}/{ca.CertId(0)}").Count());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ca_refusing_replaces_as_already_replaced_gets_the_order_once_more_without_it(DatabaseProvider provider)
    {
        var clock = new TestClock();
        using var ca = new IssuingFakeCa(clock);
        var (app, id) = await ActiveDomainAsync(provider, clock, ca);
        await using (app)
        {
            var serial = (await CurrentAsync(app, id)).GetProperty("certificate_serial").GetString();
            ca.RefuseReplacesOnce(AcmeProblem.AlreadyReplaced);

            var api = await ApiClient.ForAsync(app);
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/domains/{id}/renew", new { })).StatusCode);
            await app.BackgroundCommandsDoneAsync();
            var renewed = await UntilAsync(api, id, d => d.GetProperty("certificate_serial").GetString() != serial);

            Assert.Equal(("active", "provisioned"), (renewed.GetProperty("state").GetString(), renewed.GetProperty("certificate_status").GetString()));
            var orders = ca.Ca.To("/new-order").Select(o => Jws.Decode(o.Body!, "payload")).ToList();
            Assert.Equal(3, orders.Count);
            Assert.Equal(ca.CertId(0), orders[1].GetProperty("replaces").GetString());
            Assert.False(orders[2].TryGetProperty("replaces", out _));
        }
    }

    [Fact]
    public async Task A_certificate_without_an_authority_key_identifier_is_never_asked_about_and_keeps_two_thirds()
    {
        var clock = new TestClock();
        using var ca = new IssuingFakeCa(clock, authorityKeyIdentifier: false);
        var (app, id) = await ActiveDomainAsync(DatabaseProvider.Sqlite, clock, ca);
        await using (app)
        {
            var active = await CurrentAsync(app, id);
            var (notBefore, notAfter) = (Time(active, "certificate_not_before"), Time(active, "certificate_not_after"));

            await RenewAsync(app);
            clock.Advance(TimeSpan.FromDays(1));
            await RenewAsync(app);

            Assert.DoesNotContain(ca.Ca.Requests, r => r.Path.StartsWith(IssuingFakeCa.RenewalInfoPath, StringComparison.Ordinal));
            Assert.Equal(notBefore + (notAfter - notBefore) * 2 / 3, Time(await CurrentAsync(app, id), "renew_after"), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>An app ordering from <paramref name="ca"/> on <paramref name="clock"/>, and a domain made verified behind its back and issued its first certificate.</summary>
    private static async Task<(PaylentApp App, string Id)> ActiveDomainAsync(DatabaseProvider provider, TestClock clock, IssuingFakeCa ca)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Paylent:Acme:DirectoryUrl"] = $"{FakeCa.Origin}/directory",
            ["Paylent:Acme:Enabled"] = "true",
            ["Paylent:Acme:ChallengePropagationDelay"] = "00:00:00",
        };
        var app = await PaylentApp.StartAsync(provider, settings, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddHttpClient(AcmeClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => ca.Ca);
        });
        var api = await ApiClient.ForAsync(app);
        var created = await api.PostAsync("/api/domains", ApiClient.Resource("domain", new { hostname = TestDns.NewHostname() }));
        var id = (await created.JsonAsync()).GetProperty("data").GetProperty("id").GetString()!;

        // Verified without DNS, so no save queues an order: the issuance job below is the one.
        await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().CustomDomains.IgnoreQueryFilters().Where(d => d.Id == Guid.Parse(id))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.State, DomainState.Verified).SetProperty(d => d.VerifiedAt, clock.GetUtcNow().UtcDateTime)));
        Assert.Equal(1, (await IssueAsync(app))[CertificateOrderOutcome.Issued]);
        Assert.Equal(("active", "provisioned"), await StateAsync(app, id));
        return (app, id);
    }

    /// <summary>The domain as the API shows it, through a fresh token: the moved clock expires the earlier ones.</summary>
    private static async Task<JsonElement> CurrentAsync(PaylentApp app, string id) => await DomainAsync(await ApiClient.ForAsync(app), id);

    private static async Task<(string?, string?)> StateAsync(PaylentApp app, string id)
    {
        var domain = await CurrentAsync(app, id);
        return (domain.GetProperty("state").GetString(), domain.GetProperty("certificate_status").GetString());
    }
}
