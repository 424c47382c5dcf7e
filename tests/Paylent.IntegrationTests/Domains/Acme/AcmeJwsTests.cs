using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Paylent.Infrastructure.Domains.Acme;

namespace Paylent.IntegrationTests.Domains.Acme;

/// <summary>The account key's JWK thumbprint (RFC 7638) and the JWS every ACME request carries (RFC 8555 §6.2).</summary>
public sealed class AcmeJwsTests
{
    // RFC 7517 Appendix A.1's P-256 public key; the thumbprint is SHA-256 over its canonical JWK
    // {"crv":"P-256","kty":"EC","x":...,"y":...}, computed apart from Paylent (Python's hashlib).
    private const string X = "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4";
    private const string Y = "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM";
    private const string Thumbprint = "cn-I_WNMClehiVp51i_0VpOENW1upEerA8sEam5hn-s";

    private static readonly Uri Url = new("https://ca.test/new-order");

    [Fact]
    public void The_thumbprint_of_a_known_p256_key_matches_rfc_7638()
    {
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(X), Y = Base64Url.DecodeFromChars(Y) },
        });

        var accountKey = new AcmeAccountKey(key);

        Assert.Equal($$"""{"crv":"P-256","kty":"EC","x":"{{X}}","y":"{{Y}}"}""", accountKey.Jwk);
        Assert.Equal(Thumbprint, accountKey.Thumbprint);
        Assert.Equal($"token-value.{Thumbprint}", accountKey.KeyAuthorization("token-value"));
    }

    [Fact]
    public void A_key_that_is_not_p256_is_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => new AcmeAccountKey(p384));
    }

    [Fact]
    public void A_new_account_request_carries_the_jwk_and_a_later_one_the_kid_each_with_nonce_url_and_an_es256_signature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var accountKey = new AcmeAccountKey(key);
        var accountUrl = new Uri("https://ca.test/account/1");

        var first = AcmeJws.Sign(accountKey, accountUrl: null, Url, "nonce-1", """{"termsOfServiceAgreed":true}""");
        var later = AcmeJws.Sign(accountKey, accountUrl, Url, "nonce-2", payload: null);

        var header = Jws.Header(first);
        Assert.Equal(["alg", "jwk", "nonce", "url"], header.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal(accountKey.Jwk, header.GetProperty("jwk").GetRawText());
        Assert.Equal("nonce-1", header.GetProperty("nonce").GetString());
        Assert.Equal(Url.AbsoluteUri, header.GetProperty("url").GetString());
        Assert.True(Jws.Decode(first, "payload").GetProperty("termsOfServiceAgreed").GetBoolean());
        Assert.True(Verifies(first, key));

        var laterHeader = Jws.Header(later);
        Assert.Equal(["alg", "kid", "nonce", "url"], laterHeader.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(accountUrl.AbsoluteUri, laterHeader.GetProperty("kid").GetString());
        Assert.Equal("nonce-2", laterHeader.GetProperty("nonce").GetString());
        Assert.True(Verifies(later, key));
    }

    [Fact]
    public void Post_as_get_has_an_empty_payload()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var jws = AcmeJws.Sign(new AcmeAccountKey(key), new Uri("https://ca.test/account/1"), Url, "n", payload: null);

        using var document = System.Text.Json.JsonDocument.Parse(jws);
        Assert.Equal(string.Empty, document.RootElement.GetProperty("payload").GetString());
        Assert.Equal(["payload", "protected", "signature"], document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    // RFC 7518 §3.4: the signature is R || S (64 bytes for P-256) over "protected.payload".
    private static bool Verifies(string jws, ECDsa key)
    {
        using var document = System.Text.Json.JsonDocument.Parse(jws);
        var root = document.RootElement;
        var signature = Base64Url.DecodeFromChars(root.GetProperty("signature").GetString());
        var signingInput = Encoding.ASCII.GetBytes($"{root.GetProperty("protected").GetString()}.{root.GetProperty("payload").GetString()}");
        return signature.Length == 64 && key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
