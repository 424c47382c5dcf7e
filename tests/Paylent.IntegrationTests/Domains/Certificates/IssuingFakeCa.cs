using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paylent.IntegrationTests.Domains.Acme;

namespace Paylent.IntegrationTests.Domains.Certificates;

/// <summary>
/// A <see cref="FakeCa"/> that issues, for the renewal-information tests Pebble cannot serve (Debian's
/// Pebble has no <c>renewalInfo</c>): every order is for one name whose authorization is already valid
/// (no challenge to answer), and its finalize signs a certificate for the CSR's key with a root of its
/// own, with or without an Authority Key Identifier. Serials start with a zero octet, as DER needs for a
/// first octet with its high bit set, so the certID's serial half is checked with it.
/// </summary>
internal sealed class IssuingFakeCa : IDisposable
{
    public const string RenewalInfoPath = "/renewal-info";

    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly TimeProvider _clock;
    private readonly bool _authorityKeyIdentifier;
    private string _hostname = string.Empty;
    private string? _chain;
    private string? _refuseReplaces;

    public IssuingFakeCa(TimeProvider clock, bool renewalInfo = true, bool authorityKeyIdentifier = true)
    {
        _clock = clock;
        _authorityKeyIdentifier = authorityKeyIdentifier;
        var request = new CertificateRequest("CN=Fake ARI Root", _rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(5));

        var renewal = renewalInfo ? $$""","renewalInfo":"{{FakeCa.Origin}}{{RenewalInfoPath}}" """ : string.Empty;
        Ca = new FakeCa()
            .On("/directory", () => FakeCa.Json(HttpStatusCode.OK,
                $$"""{"newNonce":"{{FakeCa.Origin}}/new-nonce","newAccount":"{{FakeCa.Origin}}/new-account","newOrder":"{{FakeCa.Origin}}/new-order"{{renewal}}}"""))
            .OnRequest("/new-order", NewOrder)
            .OnRequest("/authz/1", _ => FakeCa.Json(HttpStatusCode.OK,
                $$"""{"status":"valid","identifier":{"type":"dns","value":"{{_hostname}}"},"challenges":[]}"""))
            .OnRequest("/order/1", _ => FakeCa.Json(HttpStatusCode.OK, _chain is null
                ? """{"status":"ready"}"""
                : $$"""{"status":"valid","certificate":"{{FakeCa.Origin}}/cert/1"}"""))
            .OnRequest("/finalize/1", Finalize)
            .OnRequest("/cert/1", _ => FakeCa.Json(HttpStatusCode.OK, _chain!, mediaType: "application/pem-certificate-chain"));
    }

    public FakeCa Ca { get; }

    /// <summary>The serial octets (DER INTEGER content) of every certificate issued, in order.</summary>
    public List<byte[]> Serials { get; } = [];

    /// <summary>What RFC 9773 §4.1 makes of the <paramref name="index"/>-th certificate, computed here from the root's key identifier.</summary>
    public string CertId(int index) =>
        $"{Base64Url.EncodeToString(new X509SubjectKeyIdentifierExtension(_root.PublicKey, false).SubjectKeyIdentifierBytes.Span)}.{Base64Url.EncodeToString(Serials[index])}";

    /// <summary>Answers the renewal information of the <paramref name="index"/>-th certificate with <paramref name="answers"/> in turn (the last repeats).</summary>
    public void RenewalInfo(int index, params Func<HttpResponseMessage>[] answers) => Ca.On($"{RenewalInfoPath}/{CertId(index)}", answers);

    /// <summary>The next order that names a certificate it replaces is refused with <paramref name="problemType"/>.</summary>
    public void RefuseReplacesOnce(string problemType) => _refuseReplaces = problemType;

    /// <summary>A window answer whose times carry nanoseconds (RFC 3339 allows any fraction; PostgreSQL keeps microseconds).</summary>
    public static HttpResponseMessage Window(DateTimeOffset start, DateTimeOffset end, string? retryAfter = null)
    {
        var response = FakeCa.Json(HttpStatusCode.OK,
            $$"""{"suggestedWindow":{"start":"{{start.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffff}}12Z","end":"{{end.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffff}}34Z"},"explanationURL":"https://ca.test/why"}""");
        return retryAfter is null ? response : response.WithRetryAfter(retryAfter);
    }

    public void Dispose()
    {
        _root.Dispose();
        _rootKey.Dispose();
    }

    private HttpResponseMessage NewOrder(string? jws)
    {
        var payload = Jws.Decode(jws!, "payload");
        if (_refuseReplaces is { } problem && payload.TryGetProperty("replaces", out _))
        {
            _refuseReplaces = null;
            return FakeCa.Problem(HttpStatusCode.Conflict, problem, "the certificate was already replaced");
        }

        _hostname = payload.GetProperty("identifiers")[0].GetProperty("value").GetString()!;
        _chain = null;
        return FakeCa.Json(HttpStatusCode.Created,
            $$"""{"status":"pending","identifiers":[{"type":"dns","value":"{{_hostname}}"}],"authorizations":["{{FakeCa.Origin}}/authz/1"],"finalize":"{{FakeCa.Origin}}/finalize/1"}""",
            location: $"{FakeCa.Origin}/order/1");
    }

    private HttpResponseMessage Finalize(string? jws)
    {
        var csr = Base64Url.DecodeFromChars(Jws.Decode(jws!, "payload").GetProperty("csr").GetString());
        var requested = CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256);
        var request = new CertificateRequest(new X500DistinguishedName(string.Empty), requested.PublicKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(_hostname);
        request.CertificateExtensions.Add(names.Build(critical: true));
        if (_authorityKeyIdentifier)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        }

        var serial = new byte[17];
        RandomNumberGenerator.Fill(serial.AsSpan(1));
        serial[0] = 0;
        serial[1] |= 0x80;
        Serials.Add(serial);
        var now = _clock.GetUtcNow();
        using var leaf = request.Create(_root.SubjectName, X509SignatureGenerator.CreateForECDsa(_rootKey), now.AddMinutes(-1), now.AddDays(90), serial);
        _chain = leaf.ExportCertificatePem() + "\n" + _root.ExportCertificatePem() + "\n";
        return FakeCa.Json(HttpStatusCode.OK, """{"status":"processing"}""");
    }
}
