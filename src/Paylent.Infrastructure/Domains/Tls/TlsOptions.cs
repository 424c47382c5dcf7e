namespace Paylent.Infrastructure.Domains.Tls;

/// <summary>The <c>Paylent:Https</c> section: the custom domains' HTTPS listener (docs/domains.md, "Serving custom domains").</summary>
public sealed class TlsOptions
{
    public const string Section = "Paylent:Https";

    /// <summary>Where the HTTPS listener binds (<c>https://0.0.0.0:8443</c>); unset, there is none.</summary>
    public string? Url { get; set; }

    /// <summary>The certificate for names that have none of their own (and for no name); unset, a self-signed one for the base domain.</summary>
    public DefaultCertificateOptions DefaultCertificate { get; set; } = new();

    /// <summary>The full reload of every certificate, behind the change notices that swap one within seconds.</summary>
    public int ReloadSeconds { get; set; } = 300;

    /// <summary>The port plain-HTTP requests are redirected to: where clients reach the HTTPS listener (443 behind a load balancer).</summary>
    public int RedirectPort { get; set; } = 443;

    public bool IsValid => ReloadSeconds is >= 1 and <= 86_400 && RedirectPort is >= 1 and <= 65_535
        && string.IsNullOrEmpty(DefaultCertificate.Path) == string.IsNullOrEmpty(DefaultCertificate.KeyPath);

    public const string Invalid =
        "Paylent:Https: ReloadSeconds must be 1-86400, RedirectPort 1-65535, and DefaultCertificate needs both Path and KeyPath or neither.";
}

public sealed class DefaultCertificateOptions
{
    /// <summary>PEM file of the certificate chain, leaf first.</summary>
    public string? Path { get; set; }

    /// <summary>PEM file of its private key (PKCS#8, or PKCS#1 / SEC 1).</summary>
    public string? KeyPath { get; set; }
}
