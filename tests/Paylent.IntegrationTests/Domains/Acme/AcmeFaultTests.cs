using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Paylent.Infrastructure.Domains.Acme;

namespace Paylent.IntegrationTests.Domains.Acme;

/// <summary>What the ACME client makes of a CA that misbehaves, is down, refuses a nonce or asks to be polled later.</summary>
public sealed class AcmeFaultTests : IDisposable
{
    private const string Order = $"{FakeCa.Origin}/order/1";

    private readonly ECDsa _accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _accountKey.Dispose();

    [Fact]
    public async Task A_bad_nonce_is_retried_once_with_the_nonce_the_refusal_carried()
    {
        var ca = new FakeCa().On("/new-account",
            () => FakeCa.Problem(HttpStatusCode.BadRequest, AcmeProblem.BadNonce, "JWS has an invalid anti-replay nonce"),
            () => FakeCa.Json(HttpStatusCode.Created, """{"status":"valid"}""", location: $"{FakeCa.Origin}/account/7"));

        var account = await AcmeClients.Create(FakeCa.Settings(), ca).RegisterAccountAsync(_accountKey, CancellationToken.None);

        Assert.Equal(new Uri($"{FakeCa.Origin}/account/7"), account.Url);
        var posts = ca.To("/new-account").ToList();
        Assert.Equal(2, posts.Count);
        // Every answer's Replay-Nonce is kept: the directory's (nonce-1) signs the first POST, the
        // refusal's (nonce-2) the retry, and newNonce is never needed.
        Assert.Equal(("nonce-1", "nonce-2"), (posts[0].Nonce, posts[1].Nonce));
        Assert.Empty(ca.To("/new-nonce"));
    }

    [Fact]
    public async Task A_second_bad_nonce_in_a_row_is_a_problem_and_not_retried_again()
    {
        var ca = new FakeCa().On("/new-account", () => FakeCa.Problem(HttpStatusCode.BadRequest, AcmeProblem.BadNonce, "still bad"));

        var failure = await Assert.ThrowsAsync<AcmeProblemException>(
            () => AcmeClients.Create(FakeCa.Settings(), ca).RegisterAccountAsync(_accountKey, CancellationToken.None));

        Assert.Equal(AcmeProblem.BadNonce, failure.Problem.Type);
        Assert.Equal("still bad", failure.Problem.Detail);
        Assert.Equal(400, failure.Problem.Status);
        Assert.Equal(2, ca.To("/new-account").Count());
    }

    [Fact]
    public async Task A_problem_keeps_its_type_detail_status_subproblems_and_retry_after()
    {
        var ca = new FakeCa().On("/new-account", () => FakeCa.Json(HttpStatusCode.TooManyRequests, """
            {"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many new accounts","status":429,
             "subproblems":[{"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"no","identifier":{"type":"dns","value":"a.example"}}]}
            """, mediaType: "application/problem+json").WithRetryAfter("120"));

        var failure = await Assert.ThrowsAsync<AcmeProblemException>(
            () => AcmeClients.Create(FakeCa.Settings(), ca).RegisterAccountAsync(_accountKey, CancellationToken.None));

        Assert.Equal("urn:ietf:params:acme:error:rateLimited", failure.Problem.Type);
        Assert.Equal("too many new accounts", failure.Problem.Detail);
        Assert.Equal(429, failure.Problem.Status);
        var subproblem = Assert.Single(failure.Problem.Subproblems);
        Assert.Equal(("urn:ietf:params:acme:error:rejectedIdentifier", "a.example"), (subproblem.Type, subproblem.Identifier));
        Assert.Equal(TimeSpan.FromSeconds(120), failure.RetryAfter);
    }

    public static TheoryData<string, string, string, int> MalformedDirectories => new()
    {
        { "not JSON", "application/json", "<html>maintenance</html>", 200 },
        { "not an object", "application/json", "[]", 200 },
        { "the wrong content type", "text/html", """{"newNonce":"https://ca.test/n","newAccount":"https://ca.test/a","newOrder":"https://ca.test/o"}""", 200 },
        { "a missing newAccount", "application/json", """{"newNonce":"https://ca.test/n","newOrder":"https://ca.test/o"}""", 200 },
        { "a plain-http URL", "application/json", """{"newNonce":"https://ca.test/n","newAccount":"http://ca.test/a","newOrder":"https://ca.test/o"}""", 200 },
        { "a URL that is a number", "application/json", """{"newNonce":"https://ca.test/n","newAccount":7,"newOrder":"https://ca.test/o"}""", 200 },
        { "a 404 without a problem document", "text/plain", "not found", 404 },
        { "a problem document that is not JSON", "application/problem+json", "oops", 400 },
    };

    [Theory]
    [MemberData(nameof(MalformedDirectories))]
    public async Task A_malformed_directory_is_a_protocol_error(string what, string mediaType, string body, int status)
    {
        var ca = new FakeCa().On("/directory", () => FakeCa.Json((HttpStatusCode)status, body, mediaType: mediaType));

        var failure = await Assert.ThrowsAsync<AcmeProtocolException>(
            () => AcmeClients.Create(FakeCa.Settings(), ca).RegisterAccountAsync(_accountKey, CancellationToken.None));

        Assert.False(string.IsNullOrEmpty(failure.Message), what);
    }

    public static TheoryData<string, string> MalformedOrders => new()
    {
        { "no finalize URL", $$"""{"status":"pending","identifiers":[{"type":"dns","value":"shop.example"}],"authorizations":[]}""" },
        { "no authorizations", $$"""{"status":"pending","identifiers":[{"type":"dns","value":"shop.example"}],"finalize":"{{FakeCa.Origin}}/f"}""" },
        { "another name", $$"""{"status":"pending","identifiers":[{"type":"dns","value":"evil.example"}],"authorizations":[],"finalize":"{{FakeCa.Origin}}/f"}""" },
        { "no status", $$"""{"identifiers":[{"type":"dns","value":"shop.example"}],"authorizations":[],"finalize":"{{FakeCa.Origin}}/f"}""" },
        { "invalid, no error", $$"""{"status":"invalid","identifiers":[{"type":"dns","value":"shop.example"}],"authorizations":[],"finalize":"{{FakeCa.Origin}}/f"}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedOrders))]
    public async Task A_malformed_order_is_a_protocol_error_never_a_null_reference(string what, string order)
    {
        var ca = new FakeCa().On("/new-order", () => FakeCa.Json(HttpStatusCode.Created, order, location: Order));
        var client = AcmeClients.Create(FakeCa.Settings(), ca);
        var account = await client.RegisterAccountAsync(_accountKey, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<AcmeProtocolException>(() => client.NewOrderAsync(account, "shop.example", CancellationToken.None));

        Assert.False(string.IsNullOrEmpty(failure.Message), what);
    }

    [Fact]
    public async Task An_authorization_without_an_http_01_challenge_or_with_an_unsafe_token_is_a_protocol_error()
    {
        static string Authorization(string challenges) =>
            $$"""{"status":"pending","identifier":{"type":"dns","value":"shop.example"},"challenges":{{challenges}}}""";
        var ca = new FakeCa()
            .On("/new-order", () => FakeCa.Json(HttpStatusCode.Created, $$"""
                {"status":"pending","identifiers":[{"type":"dns","value":"shop.example"}],"authorizations":["{{FakeCa.Origin}}/authz/1"],"finalize":"{{FakeCa.Origin}}/f"}
                """, location: Order))
            .On("/authz/1",
                () => FakeCa.Json(HttpStatusCode.OK, Authorization($$"""[{"type":"dns-01","url":"{{FakeCa.Origin}}/c/1","token":"{{new string('a', 43)}}","status":"pending"}]""")),
                () => FakeCa.Json(HttpStatusCode.OK, Authorization($$"""[{"type":"http-01","url":"{{FakeCa.Origin}}/c/2","token":"../../etc/passwd-and-more-characters","status":"pending"}]""")));
        var client = AcmeClients.Create(FakeCa.Settings(), ca);
        var account = await client.RegisterAccountAsync(_accountKey, CancellationToken.None);

        var noHttp01 = await Assert.ThrowsAsync<AcmeProtocolException>(() => client.NewOrderAsync(account, "shop.example", CancellationToken.None));
        var unsafeToken = await Assert.ThrowsAsync<AcmeProtocolException>(() => client.NewOrderAsync(account, "shop.example", CancellationToken.None));

        Assert.Contains("no http-01 challenge", noHttp01.Message, StringComparison.Ordinal);
        Assert.Contains("token", unsafeToken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_is_polled_no_sooner_than_retry_after_says_and_an_invalid_order_fails_with_its_error()
    {
        var ca = new FakeCa()
            .On("/order/1",
                () => FakeCa.Json(HttpStatusCode.OK, """{"status":"pending"}""").WithRetryAfter("2"),
                () => FakeCa.Json(HttpStatusCode.OK, """{"status":"ready"}"""),
                () => FakeCa.Json(HttpStatusCode.OK, """{"status":"invalid","error":{"type":"urn:ietf:params:acme:error:badCSR","detail":"refused"}}"""))
            .On("/finalize", () => FakeCa.Json(HttpStatusCode.OK, """{"status":"processing"}"""));
        var client = AcmeClients.Create(FakeCa.Settings(), ca);
        var account = await client.RegisterAccountAsync(_accountKey, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<AcmeProblemException>(() => client.CompleteOrderAsync(
            account, new AcmeOrder(new Uri(Order), "shop.example", new Uri($"{FakeCa.Origin}/finalize"), []), CancellationToken.None));

        Assert.Equal("urn:ietf:params:acme:error:badCSR", failure.Problem.Type);
        var polls = ca.To("/order/1").ToList();
        Assert.True(polls[1].At - polls[0].At >= TimeSpan.FromSeconds(1.9), $"polled again after {polls[1].At - polls[0].At}");
        var csr = Jws.Decode(Assert.Single(ca.To("/finalize")).Body!, "payload").GetProperty("csr").GetString();
        Assert.False(string.IsNullOrEmpty(csr));
    }

    [Fact]
    public async Task A_retry_after_beyond_the_order_timeout_fails_at_once_as_unavailable()
    {
        var ca = new FakeCa().On("/order/1", () => FakeCa.Json(HttpStatusCode.OK, """{"status":"pending"}""").WithRetryAfter("3600"));
        var client = AcmeClients.Create(FakeCa.Settings(orderTimeout: "00:00:30"), ca);
        var account = await client.RegisterAccountAsync(_accountKey, CancellationToken.None);
        var started = DateTimeOffset.UtcNow;

        var failure = await Assert.ThrowsAsync<AcmeUnavailableException>(() => client.CompleteOrderAsync(
            account, new AcmeOrder(new Uri(Order), "shop.example", new Uri($"{FakeCa.Origin}/finalize"), []), CancellationToken.None));

        Assert.Contains("Paylent:Acme:OrderTimeout", failure.Message, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_an_http_date_and_ignored_when_unreadable()
    {
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(7), AcmeRetryAfter.Of(RetryAfterHeaders.RetryAfter("7"), now));
        Assert.Equal(TimeSpan.FromSeconds(90), AcmeRetryAfter.Of(RetryAfterHeaders.RetryAfter(now.AddSeconds(90).ToString("r", CultureInfo.InvariantCulture)), now));
        Assert.Equal(TimeSpan.Zero, AcmeRetryAfter.Of(RetryAfterHeaders.RetryAfter(now.AddMinutes(-5).ToString("r", CultureInfo.InvariantCulture)), now));
        Assert.Null(AcmeRetryAfter.Of(RetryAfterHeaders.RetryAfter("soon"), now));
        Assert.Null(AcmeRetryAfter.Of(new HttpResponseMessage().Headers, now));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task A_5xx_without_a_problem_document_is_unavailable(HttpStatusCode status)
    {
        var ca = new FakeCa().On("/directory", () => FakeCa.Json(status, "down for maintenance", mediaType: "text/plain"));

        await Assert.ThrowsAsync<AcmeUnavailableException>(
            () => AcmeClients.Create(FakeCa.Settings(), ca).RegisterAccountAsync(_accountKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_ca_that_is_down_is_unavailable()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var client = AcmeClients.Create(new Dictionary<string, string?> { ["DirectoryUrl"] = $"https://127.0.0.1:{port}/dir" });

        var failure = await Assert.ThrowsAsync<AcmeUnavailableException>(() => client.RegisterAccountAsync(_accountKey, CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DirectoryUrl", "http://ca.example/directory", "DirectoryUrl")]
    [InlineData("DirectoryUrl", "directory", "DirectoryUrl")]
    [InlineData("Email", "Ops <ops@example.com>", "Email")]
    [InlineData("Email", "ops@example.com?subject=x", "Email")]
    [InlineData("OrderTimeout", "00:00:00", "OrderTimeout")]
    [InlineData("TrustedCertificatesFile", "/nonexistent/roots.pem", "TrustedCertificatesFile")]
    [InlineData("RenewalInfoMinimumInterval", "00:00:30", "RenewalInfoMinimumInterval")]
    [InlineData("RenewalInfoMaximumInterval", "00:30:00", "RenewalInfoMaximumInterval")]
    [InlineData("RenewalInfoMaximumInterval", "8.00:00:00", "RenewalInfoMaximumInterval")]
    public void Settings_that_cannot_work_stop_the_start_with_the_key(string key, string value, string named)
    {
        var failure = Assert.ThrowsAny<Exception>(() => AcmeClients.Create(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains($"Paylent:Acme:{named}", failure.Message, StringComparison.Ordinal);
    }
}
