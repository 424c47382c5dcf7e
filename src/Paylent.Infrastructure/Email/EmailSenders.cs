using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using Paylent.Application.Email.Contracts;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Common.Security;

namespace Paylent.Infrastructure.Email;

/// <summary>Delivers one outbox message; throws when it could not.</summary>
public interface IEmailSender
{
    Task SendAsync(MimeMessage message, Guid outboxId, CancellationToken cancellationToken);
}

/// <summary>A message that no attempt could ever send (its address cannot be written), so it is never retried.</summary>
public sealed class UndeliverableEmailException(string message) : Exception(message);

/// <summary>The SMTP server cannot take mail the way the configuration asks; retried, as fixing either lets mail through.</summary>
public sealed class SmtpConfigurationException(string message) : Exception(message);

/// <summary>An outbox message as MIME: multipart/alternative with a plain-text and an HTML part.</summary>
internal static class OutboxMail
{
    private static readonly IdnMapping Idn = new();

    /// <summary>How a message is written to a file: RFC 5322 lines end in CRLF whatever the platform.</summary>
    public static readonly FormatOptions FileFormat = CreateFileFormat();

    public static MimeMessage Compose(EmailMessage content, Guid outboxId, MailboxAddress from)
    {
        var to = MailboxAddress.Parse(content.To);
        if (string.IsNullOrEmpty(to.Domain))
        {
            // MimeKit parses a bare local part; System.Net.Mail refused it, and no server could route it.
            throw new UndeliverableEmailException("The recipient address has no domain.");
        }


        // RFC 6531: a non-ASCII local part needs SMTPUTF8, which this sender does not use (a domain
        // is fine: it is sent as punycode). No attempt could ever deliver it.
        if (!Ascii.IsValid(to.LocalPart))
        {
            throw new UndeliverableEmailException("The recipient's local part is not ASCII, which SMTP without SMTPUTF8 cannot carry.");
        }

        var message = new MimeMessage();
        message.From.Add(WithUtf8(from));
        message.To.Add(WithUtf8(to));
        message.Headers.Replace(HeaderId.Subject, Encoding.UTF8, content.Subject);

        // Stable per message, so a resend after a crash is recognisably the same message (RFC 5322 §3.6.4).
        message.MessageId = $"{outboxId:N}@{Idn.GetAscii(from.Domain)}";
        message.Body = new MultipartAlternative { Part(TextFormat.Plain, content.TextBody), Part(TextFormat.Html, content.HtmlBody) };
        return message;
    }

    // Quoted-printable keeps every line 7-bit and short, so the message travels unchanged whether or
    // not the server offers 8BITMIME, and reads the same in a file.
    private static TextPart Part(TextFormat format, string text)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, text);
        return part;
    }

    // A display name outside ASCII is encoded as UTF-8 (RFC 2047), never a legacy charset.
    private static MailboxAddress WithUtf8(MailboxAddress address) => new(Encoding.UTF8, address.Name, address.Address);

    private static FormatOptions CreateFileFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        return format;
    }
}

/// <summary>
/// Writes <c>{DataDirectory}/mail/{outbox id}.eml</c>: staged in a private folder and moved into place, so
/// a reader never sees half a file and a resend overwrites the same file instead of adding one.
/// </summary>
internal sealed class PickupEmailSender(IOptions<PaylentOptions> paylent) : IEmailSender
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public async Task SendAsync(MimeMessage message, Guid outboxId, CancellationToken cancellationToken)
    {
        var folder = paylent.Value.DataPath("mail");
        var staging = Path.Combine(folder, ".staging");
        CreatePrivateDirectory(folder);
        CreatePrivateDirectory(staging);
        var staged = Path.Combine(staging, $"{outboxId:N}-{Guid.NewGuid():N}.eml");
        try
        {
            await using (var file = new FileStream(staged, PrivateFile()))
            {
                await message.WriteToAsync(OutboxMail.FileFormat, file, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(staged, Path.Combine(folder, $"{outboxId}.eml"), overwrite: true);
        }
        finally
        {
            File.Delete(staged);
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

    private static FileStreamOptions PrivateFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}

/// <summary>
/// Sends through the configured SMTP server, one connection per message, protected as
/// <see cref="SmtpOptions.Security"/> says and authenticated when a username is set.
/// </summary>
internal sealed class SmtpEmailSender : IEmailSender
{
    private readonly SmtpOptions _smtp;
    private readonly X509Certificate2Collection _trusted;

    public SmtpEmailSender(IOptions<EmailOptions> options)
    {
        _smtp = options.Value.Smtp;
        _trusted = _smtp.TrustedCertificates();
    }

    public async Task SendAsync(MimeMessage message, Guid outboxId, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)_smtp.Timeout.TotalMilliseconds };
        if (_trusted.Count > 0)
        {
            client.ServerCertificateValidationCallback = (_, certificate, chain, errors) => ConfiguredRootTrust.Validate(_trusted, certificate, chain, errors);
        }

        // StartTls is MailKit's strict STARTTLS: without the extension it throws before MAIL FROM, so
        // nothing (credentials least of all) crosses the network in clear.
        var host = _smtp.Host ?? throw new InvalidOperationException("Paylent:Email:Smtp:Host is needed in Smtp mode.");
        await client.ConnectAsync(host, _smtp.EffectivePort, _smtp.EffectiveSecurity switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        }, cancellationToken);

        if (!string.IsNullOrEmpty(_smtp.Username))
        {
            if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
            {
                throw new SmtpConfigurationException(
                    $"The SMTP server {host}:{_smtp.EffectivePort} offers no authentication (AUTH), but Paylent:Email:Smtp:Username is set.");
            }

            await client.AuthenticateAsync(_smtp.Username, _smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);

        // The server has accepted the message: a failed QUIT must not make the outbox send it again.
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException)
        {
            // Delivered all the same.
        }
    }
}
