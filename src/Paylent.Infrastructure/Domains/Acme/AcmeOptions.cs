using System.Net.Mail;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Common.Security;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>The <c>Paylent:Acme</c> section: the certificate authority custom domains get certificates from (docs/configuration.md).</summary>
public sealed class AcmeOptions
{
    public const string Section = "Paylent:Acme";

    public const string LetsEncryptProduction = "https://acme-v02.api.letsencrypt.org/directory";

    /// <summary>The CA's ACME directory (RFC 8555 §7.1.1). Ordering from it agrees to that CA's terms of service.</summary>
    public string DirectoryUrl { get; set; } = LetsEncryptProduction;

    /// <summary>The account's contact address (sent as a <c>mailto:</c> URL); none when unset.</summary>
    public string? Email { get; set; }

    /// <summary>A PEM file of certificates trusted, besides the system's, as the root of the CA's HTTPS certificate (a private or test CA).</summary>
    public string? TrustedCertificatesFile { get; set; }

    /// <summary>How long one order may take, from telling the CA its challenges are ready to the certificate's download.</summary>
    public TimeSpan OrderTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether Paylent orders certificates for verified domains at all. Unset: when the HTTP listener for
    /// HTTP-01 answers (<c>Paylent:Http:Url</c>) is configured, since without it no CA could validate.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// At most this many orders per hour for the domains of one Paylent account (every environment of it),
    /// so one tenant cannot spend the install's rate limits at the CA (Let's Encrypt: 300 new orders per
    /// account every 3 hours). A domain over the limit waits for the next run.
    /// </summary>
    public int MaxOrdersPerAccountPerHour { get; set; } = 20;

    /// <summary>
    /// How long to wait after publishing the HTTP-01 answers before telling the CA to fetch them: the
    /// other instances hear of a new answer through the change signal, usually within milliseconds, but a
    /// second or two on a loaded machine, and the CA may reach any instance.
    /// </summary>
    public TimeSpan ChallengePropagationDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The least time between two renewal-information checks of one certificate (RFC 9773 §4.3): a CA's
    /// shorter <c>Retry-After</c> is raised to it, and a failed check waits this long.
    /// </summary>
    public TimeSpan RenewalInfoMinimumInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most time between two renewal-information checks of one certificate: a CA's longer <c>Retry-After</c> is lowered to it.</summary>
    public TimeSpan RenewalInfoMaximumInterval { get; set; } = TimeSpan.FromHours(24);

    public Uri Directory => new(DirectoryUrl, UriKind.Absolute);

    /// <summary>The certificates of <see cref="TrustedCertificatesFile"/>; empty when it is unset.</summary>
    public X509Certificate2Collection TrustedCertificates() => ConfiguredRootTrust.Load(TrustedCertificatesFile);

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem()
    {
        // RFC 8555 §6.1: ACME runs over HTTPS only.
        if (!Uri.TryCreate(DirectoryUrl, UriKind.Absolute, out var directory) || directory.Scheme != Uri.UriSchemeHttps)
        {
            return $"{Section}:DirectoryUrl must be an absolute https URL.";
        }

        // A contact is a mailto: URL; a display name, a second address or header fields have no place in it.
        if (Email is not null && (!MailAddress.TryCreate(Email, out var address) || address.Address != Email || !string.IsNullOrEmpty(address.DisplayName)
            || Email.IndexOfAny(['?', ',', '%']) >= 0))
        {
            return $"{Section}:Email must be a single email address.";
        }

        if (OrderTimeout <= TimeSpan.Zero)
        {
            return $"{Section}:OrderTimeout must be positive.";
        }

        if (MaxOrdersPerAccountPerHour < 1)
        {
            return $"{Section}:MaxOrdersPerAccountPerHour must be at least 1.";
        }

        if (ChallengePropagationDelay < TimeSpan.Zero || ChallengePropagationDelay > TimeSpan.FromMinutes(1))
        {
            return $"{Section}:ChallengePropagationDelay must be between 0 and 1 minute.";
        }

        // RFC 9773 §4.3: a client limits how often it asks; never more than once a minute, nor less than weekly.
        if (RenewalInfoMinimumInterval < TimeSpan.FromMinutes(1))
        {
            return $"{Section}:RenewalInfoMinimumInterval must be at least 1 minute.";
        }

        if (RenewalInfoMaximumInterval < RenewalInfoMinimumInterval || RenewalInfoMaximumInterval > TimeSpan.FromDays(7))
        {
            return $"{Section}:RenewalInfoMaximumInterval must be between RenewalInfoMinimumInterval and 7 days.";
        }

        return ConfiguredRootTrust.Problem($"{Section}:TrustedCertificatesFile", TrustedCertificatesFile);
    }
}

/// <summary>Stops the start on settings that cannot work, with the reason.</summary>
internal sealed class AcmeOptionsValidation : IValidateOptions<AcmeOptions>
{
    public ValidateOptionsResult Validate(string? name, AcmeOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
