using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paylent.Infrastructure.Domains.Acme;

namespace Paylent.IntegrationTests.Domains.Acme;

/// <summary>The client's side of ACME Renewal Information (RFC 9773): certIDs, the renewalInfo GET, and <c>replaces</c>.</summary>
public sealed class AcmeRenewalInfoTests : IDisposable
{
    private const string RenewalInfo = $"{FakeCa.Origin}/renewal-info";

    private readonly ECDsa _accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _accountKey.Dispose();

    [Fact]
    public void The_cert_id_of_rfc_9773s_example_is_its_key_identifier_and_serial_with_the_leading_zero()
    {
        // RFC 9773 §4.1: keyIdentifier 69:88:5B:6B:87:46:40:41:E1:B3:7B:84:7B:A0:AE:2C:DE:01:C8:D4, serial 0x87654321.
        using var certificate = Certificate(
            X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(Convert.FromHexString("69885B6B87464041E1B37B847BA0AE2CDE01C8D4")),
            serial: [0x00, 0x87, 0x65, 0x43, 0x21]);

        Assert.Equal("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", AcmeCertId.Of(certificate));
    }

    [Fact]
    public void The_cert_id_of_an_issued_certificate_takes_its_issuers_key_identifier()
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuerRequest = new CertificateRequest("CN=Issuer", issuerKey, HashAlgorithmName.SHA256);
        issuerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        issuerRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(issuerRequest.PublicKey, critical: false));
        using var issuer = issuerRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=shop.example", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var leaf = leafRequest.Create(issuer, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), [0x01, 0x02, 0x03]);

        var keyIdentifier = new X509SubjectKeyIdentifierExtension(issuerRequest.PublicKey, false).SubjectKeyIdentifierBytes.ToArray();
        Assert.Equal($"{Base64Url(keyIdentifier)}.AQID", AcmeCertId.Of(leaf));
    }

    [Fact]
    public void A_certificate_without_an_authority_key_identifier_or_without_its_key_identifier_has_no_cert_id()
    {
        using var without = Certificate(null, [0x01]);
        using var issuerAndSerialOnly = Certificate(
            X509AuthorityKeyIdentifierExtension.CreateFromIssuerNameAndSerialNumber(new X500DistinguishedName("CN=Issuer"), [0x05]), [0x01]);

        Assert.Null(AcmeCertId.Of(without));
        Assert.Null(AcmeCertId.Of(issuerAndSerialOnly));
    }

    [Fact]
    public async Task Renewal_information_is_an_unauthenticated_get_whose_window_explanation_and_retry_after_are_read()
    {
        var ca = Offering().On("/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", () => FakeCa.Json(HttpStatusCode.OK, """
            {"suggestedWindow":{"start":"2026-12-20T10:00:00.5Z","end":"2026-12-21T12:00:00+02:00"},"explanationURL":"https://ca.test/incident/7"}
            """).WithRetryAfter("21600"));

        var info = await AcmeClients.Create(FakeCa.Settings(), ca).RenewalInfoAsync("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", CancellationToken.None);

        Assert.NotNull(info);
        Assert.Equal(new DateTimeOffset(2026, 12, 20, 10, 0, 0, 500, TimeSpan.Zero), info.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 21, 10, 0, 0, TimeSpan.Zero), info.End);
        Assert.Equal(new Uri("https://ca.test/incident/7"), info.ExplanationUrl);
        Assert.Equal(TimeSpan.FromHours(6), info.RetryAfter);
        var get = Assert.Single(ca.To("/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"));
        Assert.Null(get.Body);
        Assert.Empty(ca.To("/new-account"));
    }

    [Fact]
    public async Task A_directory_without_renewal_info_means_no_renewal_information_and_no_request()
    {
        var ca = new FakeCa();
        var client = AcmeClients.Create(FakeCa.Settings(), ca);

        Assert.False(await client.OffersRenewalInfoAsync(CancellationToken.None));
        Assert.Null(await client.RenewalInfoAsync("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", CancellationToken.None));
        Assert.Equal(["/directory"], ca.Requests.Select(r => r.Path));
    }

    public static TheoryData<string, string> MalformedAnswers => new()
    {
        { "not JSON", "{\"suggestedWindow\":" },
        { "no window", """{"start":"2026-12-20T00:00:00Z","end":"2026-12-21T00:00:00Z"}""" },
        { "an end before the start", """{"suggestedWindow":{"start":"2026-12-21T00:00:00Z","end":"2026-12-20T00:00:00Z"}}""" },
        { "an empty window", """{"suggestedWindow":{"start":"2026-12-21T00:00:00Z","end":"2026-12-21T00:00:00Z"}}""" },
        { "a window empty once kept to the microsecond", """{"suggestedWindow":{"start":"2026-12-21T00:00:00.0000001Z","end":"2026-12-21T00:00:00.0000005Z"}}""" },
        { "a date that is not RFC 3339", """{"suggestedWindow":{"start":"Mon, 21 Dec 2026 00:00:00 GMT","end":"2026-12-22T00:00:00Z"}}""" },
        { "a date without its offset", """{"suggestedWindow":{"start":"2026-12-21T00:00:00","end":"2026-12-22T00:00:00Z"}}""" },
        { "a number for a date", """{"suggestedWindow":{"start":1,"end":"2026-12-22T00:00:00Z"}}""" },
        { "a huge body", "{\"suggestedWindow\":{\"start\":\"2026-12-21T00:00:00Z\",\"end\":\"2026-12-22T00:00:00Z\"},\"x\":\"" + new string('x', 20_000) + "\"}" },
    };

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public async Task Malformed_renewal_information_is_a_protocol_error(string what, string body)
    {
        var ca = Offering().On("/renewal-info/a.AQ", () => FakeCa.Json(HttpStatusCode.OK, body));

        var failure = await Assert.ThrowsAsync<AcmeProtocolException>(() => AcmeClients.Create(FakeCa.Settings(), ca).RenewalInfoAsync("a.AQ", CancellationToken.None));

        Assert.False(string.IsNullOrEmpty(failure.Message), what);
    }

    [Theory]
    [InlineData("\"file:///etc/passwd\"")]
    [InlineData("\"javascript:alert(1)\"")]
    [InlineData("42")]
    public async Task An_explanation_that_is_no_web_url_is_dropped_and_the_window_kept(string explanation)
    {
        var ca = Offering().On("/renewal-info/a.AQ", () => FakeCa.Json(HttpStatusCode.OK,
            $$"""{"suggestedWindow":{"start":"2026-12-21T00:00:00Z","end":"2026-12-22T00:00:00Z"},"explanationURL":{{explanation}}}"""));

        var info = await AcmeClients.Create(FakeCa.Settings(), ca).RenewalInfoAsync("a.AQ", CancellationToken.None);

        Assert.NotNull(info);
        Assert.Equal(new DateTimeOffset(2026, 12, 21, 0, 0, 0, TimeSpan.Zero), info.Start);
        Assert.Null(info.ExplanationUrl);
    }

    [Theory]
    [InlineData("\"http://ca.test/ri\"")]
    [InlineData("\"/renewal-info\"")]
    [InlineData("\"\"")]
    [InlineData("42")]
    [InlineData("{\"url\":\"https://ca.test/ri\"}")]
    public async Task A_renewal_info_that_is_not_an_https_url_turns_renewal_information_off_and_orders_go_on_without_replaces(string renewalInfo)
    {
        var ca = new FakeCa()
            .On("/directory", () => FakeCa.Json(HttpStatusCode.OK,
                $$"""{"newNonce":"{{FakeCa.Origin}}/new-nonce","newAccount":"{{FakeCa.Origin}}/new-account","newOrder":"{{FakeCa.Origin}}/new-order","renewalInfo":{{renewalInfo}}}"""))
            .On("/new-order", () => FakeCa.Problem(HttpStatusCode.BadRequest, "urn:ietf:params:acme:error:rejectedIdentifier", "no"));
        var client = AcmeClients.Create(FakeCa.Settings(), ca);

        Assert.False(await client.OffersRenewalInfoAsync(CancellationToken.None));
        Assert.Null(await client.RenewalInfoAsync("a.AQ", CancellationToken.None));
        var account = await client.RegisterAccountAsync(_accountKey, CancellationToken.None);
        await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(account, "shop.example", "a.AQ", CancellationToken.None));

        Assert.False(Jws.Decode(Assert.Single(ca.To("/new-order")).Body!, "payload").TryGetProperty("replaces", out _));
        Assert.DoesNotContain(ca.Requests, r => r.Path.Contains("ri", StringComparison.Ordinal) || r.Path.StartsWith("/renewal-info", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replaces_is_sent_only_to_a_ca_that_offers_renewal_information()
    {
        var offering = Offering().On("/new-order", () => FakeCa.Problem(HttpStatusCode.BadRequest, "urn:ietf:params:acme:error:rejectedIdentifier", "no"));
        var plain = new FakeCa().On("/new-order", () => FakeCa.Problem(HttpStatusCode.BadRequest, "urn:ietf:params:acme:error:rejectedIdentifier", "no"));

        foreach (var ca in new[] { offering, plain })
        {
            var client = AcmeClients.Create(FakeCa.Settings(), ca);
            var account = await client.RegisterAccountAsync(_accountKey, CancellationToken.None);
            await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(account, "shop.example", "a.AQ", CancellationToken.None));
        }

        Assert.Equal("a.AQ", Jws.Decode(Assert.Single(offering.To("/new-order")).Body!, "payload").GetProperty("replaces").GetString());
        Assert.False(Jws.Decode(Assert.Single(plain.To("/new-order")).Body!, "payload").TryGetProperty("replaces", out _));
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, AcmeProblem.AlreadyReplaced)]
    [InlineData(HttpStatusCode.Forbidden, AcmeProblem.Unauthorized)]
    public async Task An_order_refused_for_its_replaces_is_sent_once_more_without_replaces_and_no_more(HttpStatusCode status, string problem)
    {
        var ca = Offering().On("/new-order", () => FakeCa.Problem(status, problem, "not for this order"));
        var client = AcmeClients.Create(FakeCa.Settings(), ca);
        var account = await client.RegisterAccountAsync(_accountKey, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(account, "shop.example", "a.AQ", CancellationToken.None));

        Assert.Equal(problem, failure.Problem.Type);
        var orders = ca.To("/new-order").Select(o => Jws.Decode(o.Body!, "payload")).ToList();
        Assert.Equal(2, orders.Count);
        Assert.True(orders[0].TryGetProperty("replaces", out _));
        Assert.False(orders[1].TryGetProperty("replaces", out _));
    }

    [Fact]
    public async Task An_order_refused_for_another_reason_is_not_sent_again()
    {
        var ca = Offering().On("/new-order", () => FakeCa.Problem(HttpStatusCode.TooManyRequests, "urn:ietf:params:acme:error:rateLimited", "slow down"));
        var client = AcmeClients.Create(FakeCa.Settings(), ca);
        var account = await client.RegisterAccountAsync(_accountKey, CancellationToken.None);

        await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(account, "shop.example", "a.AQ", CancellationToken.None));

        Assert.Single(ca.To("/new-order"));
    }

    private static FakeCa Offering() => new FakeCa().On("/directory", () => FakeCa.Json(HttpStatusCode.OK,
        $$"""{"newNonce":"{{FakeCa.Origin}}/new-nonce","newAccount":"{{FakeCa.Origin}}/new-account","newOrder":"{{FakeCa.Origin}}/new-order","renewalInfo":"{{RenewalInfo}}"}"""));

    private static X509Certificate2 Certificate(X509Extension? authorityKeyIdentifier, byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=shop.example", key, HashAlgorithmName.SHA256);
        if (authorityKeyIdentifier is not null)
        {
            request.CertificateExtensions.Add(authorityKeyIdentifier);
        }

        return request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), serial);
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
