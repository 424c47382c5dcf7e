using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paylent.Infrastructure.Common.Security;

/// <summary>
/// TLS server validation that trusts, besides the system's roots, the certificates of a configured PEM
/// file (<c>TrustedCertificatesFile</c> settings): a private CA, or a server's own self-signed certificate.
/// </summary>
internal static class ConfiguredRootTrust
{
    /// <summary>The certificates of a <c>TrustedCertificatesFile</c> setting; empty when it is unset.</summary>
    public static X509Certificate2Collection Load(string? file)
    {
        var certificates = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(file))
        {
            certificates.ImportFromPemFile(file);
        }

        return certificates;
    }

    /// <summary>What is wrong with a <c>TrustedCertificatesFile</c> setting, checked at start; null when it is unset or usable.</summary>
    /// <param name="setting">The setting's full name, for the message (<c>Paylent:Email:Smtp:TrustedCertificatesFile</c>).</param>
    public static string? Problem(string setting, string? file)
    {
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        try
        {
            return Load(file).Count == 0 ? $"{setting} holds no PEM certificate." : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return $"{setting} cannot be read: {e.Message}";
        }
    }

    /// <summary>
    /// The system's validation, and beyond it only an untrusted chain that ends at a configured
    /// certificate; a name that does not match, or no certificate, is never forgiven.
    /// </summary>
    public static bool Validate(X509Certificate2Collection trusted, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || trusted.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a private CA seldom publishes a CRL
        if (chain is not null)
        {
            // The intermediates the server sent.
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        if (certificate is X509Certificate2 leaf)
        {
            return custom.Build(leaf);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(loaded);
    }
}
