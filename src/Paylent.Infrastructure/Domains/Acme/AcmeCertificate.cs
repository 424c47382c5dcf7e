namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// An issued certificate: the PEM chain as the CA sent it (leaf first, RFC 8555 §9.1), and the private
/// key made for it, as PKCS#8 DER. Nothing here is stored: the caller seals the key.
/// </summary>
public sealed record AcmeCertificate(Uri Url, string ChainPem, byte[] PrivateKeyPkcs8);
