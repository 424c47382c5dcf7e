using System.Net.Mail;
using Paylent.Infrastructure.Common;

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

    public MailAddress FromAddress(PaylentOptions paylent) => new(From ?? $"no-reply@{paylent.BaseDomain}");

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem(PaylentOptions paylent)
    {
        if (!MailAddress.TryCreate(From ?? $"no-reply@{paylent.BaseDomain}", out _))
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

        return Mode == EmailMode.Smtp && string.IsNullOrWhiteSpace(Smtp.Host) ? $"{Section}:Smtp:Host is needed in Smtp mode." : null;
    }
}

/// <summary>The <c>Paylent:Email:Smtp</c> section.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>STARTTLS before anything is sent; turn off only for a relay on the same machine.</summary>
    public bool EnableSsl { get; set; } = true;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
