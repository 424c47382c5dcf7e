using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;
using Paylent.Application.Email.Contracts;
using Paylent.Infrastructure.Common;

namespace Paylent.Infrastructure.Email;

/// <summary>Delivers one outbox message; throws when it could not.</summary>
public interface IEmailSender
{
    Task SendAsync(MailMessage message, Guid outboxId, CancellationToken cancellationToken);
}

/// <summary>A message that no attempt could ever send (its address cannot be written), so it is never retried.</summary>
public sealed class UndeliverableEmailException(string message) : Exception(message);

/// <summary>An outbox message as MIME: multipart/alternative with a plain-text and an HTML part.</summary>
internal static class OutboxMail
{
    public static MailMessage Compose(EmailMessage content, Guid outboxId, MailAddress from)
    {
        var to = new MailAddress(content.To);

        // RFC 6531: a non-ASCII local part needs SMTPUTF8, which this sender does not use (a domain
        // is fine: it is sent as punycode). No attempt could ever deliver it.
        if (!System.Text.Ascii.IsValid(to.User))
        {
            throw new UndeliverableEmailException("The recipient's local part is not ASCII, which SMTP without SMTPUTF8 cannot carry.");
        }

        var message = new MailMessage(from, to)
        {
            Subject = content.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };

        // Stable per message, so a resend after a crash is recognisably the same message (RFC 5322 §3.6.4).
        message.Headers.Add("Message-ID", $"<{outboxId:N}@{from.Host}>");
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(content.TextBody, Encoding.UTF8, MediaTypeNames.Text.Plain));
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(content.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
        return message;
    }
}

/// <summary>
/// Writes <c>{DataDirectory}/mail/{outbox id}.eml</c>: staged in a private folder and moved into place, so
/// a reader never sees half a file and a resend overwrites the same file instead of adding one.
/// </summary>
internal sealed class PickupEmailSender(IOptions<PaylentOptions> paylent) : IEmailSender
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public async Task SendAsync(MailMessage message, Guid outboxId, CancellationToken cancellationToken)
    {
        var folder = paylent.Value.DataPath("mail");
        var staging = Path.Combine(folder, ".staging", $"{outboxId:N}-{Guid.NewGuid():N}");
        CreatePrivateDirectory(folder);
        CreatePrivateDirectory(staging);
        try
        {
            using var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = staging };
            await client.SendMailAsync(message, cancellationToken);
            File.Move(Directory.GetFiles(staging, "*.eml").Single(), Path.Combine(folder, $"{outboxId}.eml"), overwrite: true);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    // The messages hold one-time links: readable by the server's user only.
    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }
}

/// <summary>Sends through the configured SMTP server, with STARTTLS unless turned off.</summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(MailMessage message, Guid outboxId, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.EnableSsl,
            Timeout = (int)smtp.Timeout.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        }

        await client.SendMailAsync(message, cancellationToken);
    }
}
