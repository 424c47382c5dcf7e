using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Common.Security;

namespace Paylent.Infrastructure.Email;

public enum EmailMode
{
    /// <summary>Each message becomes an RFC 5322 <c>.eml</c> file in <c>{DataDirectory}/mail/</c>.</summary>
    Pickup,

    /// <summary>Each message goes to an SMTP server (<see cref="EmailOptions.Smtp"/>).</summary>
    Smtp,
}

/// <summary>The <c>Paylent:Email</c> section: how the outbox is drained (docs/configuration.md).</summary>
public sealed class EmailOptions
{
    public const string Section = "Paylent:Email";

    public EmailMode Mode { get; set; } = EmailMode.Pickup;

    /// <summary>The sender address; <c>no-reply@{BaseDomain}</c> when unset.</summary>
    public string? From { get; set; }

    /// <summary>How long after one drain of the outbox ends the next one starts.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages leased at once by one drain.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long a sender owns a message it leased; past it, another may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a message is given up on (marked failed).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failure; each further failure waits four times longer, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones; null: give up.</summary>
    public TimeSpan? RetryDelay(int attempts)
    {
        if (attempts >= MaxAttempts)
        {
            return null;
        }

        var delay = FirstRetryDelay * Math.Pow(4, Math.Min(Math.Max(attempts - 1, 0), 20));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    public MailboxAddress FromAddress(PaylentOptions paylent) => MailboxAddress.Parse(From ?? $"no-reply@{paylent.BaseDomain}");

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem(PaylentOptions paylent)
    {
        // MimeKit also takes a bare local part ("no-reply") as a mailbox; a sender needs its domain.
        if (!MailboxAddress.TryParse(From ?? $"no-reply@{paylent.BaseDomain}", out var from) || string.IsNullOrEmpty(from.Domain))
        {
            return $"{Section}:From must be an email address.";
        }

        if (PollInterval <= TimeSpan.Zero || LeaseDuration <= TimeSpan.Zero || FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            return $"{Section}: PollInterval, LeaseDuration and FirstRetryDelay must be positive, MaxRetryDelay at least FirstRetryDelay.";
        }

        if (BatchSize < 1 || MaxAttempts < 1)
        {
            return $"{Section}: BatchSize and MaxAttempts must be at least 1.";
        }

        if (Mode != EmailMode.Smtp)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(Smtp.Host) ? $"{Section}:Smtp:Host is needed in Smtp mode." : Smtp.Problem();
    }
}

/// <summary>How the connection to the SMTP server is protected (<c>Paylent:Email:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (RFC 3207) before anything is sent; a server that does not offer it gets nothing.</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, RFC 8314 §3.3), as on port 465.</summary>
    Tls,

    /// <summary>No TLS at all: only for a relay on the same machine.</summary>
    None,
}

/// <summary>The <c>Paylent:Email:Smtp</c> section.</summary>
public sealed class SmtpOptions
{
    private const string Section = $"{EmailOptions.Section}:Smtp";

    public string? Host { get; set; }

    /// <summary>The server's port; unset, 465 with <see cref="SmtpSecurity.Tls"/>, else 587 (RFC 8314 §3.3, RFC 6409).</summary>
    public int? Port { get; set; }

    /// <summary>Unset: <see cref="SmtpSecurity.StartTls"/>, unless the older <see cref="EnableSsl"/> is <c>false</c>.</summary>
    public SmtpSecurity? Security { get; set; }

    /// <summary>The setting <see cref="Security"/> replaced, still honoured: <c>false</c> is <see cref="SmtpSecurity.None"/>.</summary>
    public bool? EnableSsl { get; set; }

    /// <summary>When set, the sender authenticates (SMTP AUTH, RFC 4954) and refuses a server that does not offer it.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// A PEM file of certificates trusted, besides the system's, as the root of the server's chain: a
    /// private CA, or the relay's own self-signed certificate. The server's name is checked all the same.
    /// </summary>
    public string? TrustedCertificatesFile { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public SmtpSecurity EffectiveSecurity => Security ?? (EnableSsl == false ? SmtpSecurity.None : SmtpSecurity.StartTls);

    public int EffectivePort => Port ?? (EffectiveSecurity == SmtpSecurity.Tls ? 465 : 587);

    /// <summary>The certificates of <see cref="TrustedCertificatesFile"/>; empty when it is unset.</summary>
    public X509Certificate2Collection TrustedCertificates() => ConfiguredRootTrust.Load(TrustedCertificatesFile);

    internal string? Problem()
    {
        if (EnableSsl is { } ssl && Security is { } security && ssl != (security != SmtpSecurity.None))
        {
            return $"{Section}:EnableSsl={ssl} contradicts {Section}:Security={security}: remove EnableSsl, which Security replaces.";
        }

        if (Port is < 1 or > 65535 || Timeout <= TimeSpan.Zero)
        {
            return $"{Section}: Port must be between 1 and 65535, Timeout positive.";
        }

        return ConfiguredRootTrust.Problem($"{Section}:TrustedCertificatesFile", TrustedCertificatesFile);
    }
}
