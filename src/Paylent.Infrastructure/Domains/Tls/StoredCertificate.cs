namespace Paylent.Infrastructure.Domains.Tls;

/// <summary>
/// A row of <c>tls_certificates</c>: the certificate served for one hostname, its chain as PEM (leaf
/// first) and its private key sealed with the key-encryption key, bound to the hostname and serial so a
/// sealed key cannot be moved to another row. Written only through <see cref="TlsCertificateStore"/>;
/// never audited (the key is not for any trail).
/// </summary>
public sealed class StoredCertificate
{
    public const int MaxHostnameLength = 253;
    public const int MaxIssuerLength = 1000;
    public const int MaxSerialLength = 64;

    private StoredCertificate(string hostname, string chainPem, string sealedPrivateKey, string issuer, string serial)
    {
        Hostname = hostname;
        ChainPem = chainPem;
        SealedPrivateKey = sealedPrivateKey;
        Issuer = issuer;
        Serial = serial;
    }

    public Guid Id { get; private set; }

    public string Hostname { get; private set; }

    /// <summary>The environment the hostname belongs to, for operators; serving does not depend on it.</summary>
    public Guid? EnvironmentId { get; private set; }

    public string ChainPem { get; private set; }

    public string SealedPrivateKey { get; private set; }

    public string Issuer { get; private set; }

    /// <summary>The leaf's serial number, hexadecimal, as <c>X509Certificate2.SerialNumber</c> gives it.</summary>
    public string Serial { get; private set; }

    public DateTime NotBefore { get; private set; }

    public DateTime NotAfter { get; private set; }

    public DateTime CreatedAt { get; private set; }

    internal static StoredCertificate Create(string hostname, Guid? environmentId, CertificateDetails details, string chainPem, string sealedPrivateKey, DateTime now) =>
        new(hostname, chainPem, sealedPrivateKey, details.Issuer, details.Serial)
        {
            Id = Guid.CreateVersion7(),
            EnvironmentId = environmentId,
            NotBefore = details.NotBefore,
            NotAfter = details.NotAfter,
            CreatedAt = now,
        };

    /// <summary>The whole certificate at once, so no reader ever pairs one certificate's chain with another's key.</summary>
    internal void Replace(Guid? environmentId, CertificateDetails details, string chainPem, string sealedPrivateKey, DateTime now)
    {
        EnvironmentId = environmentId;
        ChainPem = chainPem;
        SealedPrivateKey = sealedPrivateKey;
        Issuer = details.Issuer;
        Serial = details.Serial;
        NotBefore = details.NotBefore;
        NotAfter = details.NotAfter;
        CreatedAt = now;
    }
}

/// <summary>What the issuance side records on its domain about a stored certificate (no key material).</summary>
public sealed record CertificateDetails(string Issuer, string Serial, DateTime NotBefore, DateTime NotAfter);
