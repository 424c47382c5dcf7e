using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Email.Contracts;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Email;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.Email;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using MimeKit;

namespace Paylent.IntegrationTests.Email;

public sealed class OutboxSendingTests
{
    private const string BaseUrl = "http://demo-test.localhost";

    // The background job waits an hour between drains: these tests drain by hand.
    private static readonly Dictionary<string, string?> ManualDrains = new() { ["Paylent:Email:PollInterval"] = "01:00:00" };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_password_reset_is_written_once_as_an_eml_with_both_parts_and_a_working_link(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider, ManualDrains);
        await CreateUserAsync(app, "ada@example.com");
        await app.SendAsync("test", new RequestPasswordReset("ada@example.com", BaseUrl));

        var queued = await SingleOutboxRowAsync(app);
        Assert.DoesNotContain("reset-password", queued.SealedContent, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", queued.SealedContent, StringComparison.Ordinal);

        Assert.Equal(1, await DrainAsync(app));
        Assert.Equal(0, await DrainAsync(app));

        var email = Assert.Single(app.Mailbox.All());
        Assert.Equal($"{queued.Id}.eml", Path.GetFileName(email.File));
        Assert.Equal("ada@example.com", email.To);
        Assert.Equal("no-reply@localhost", email.From);
        Assert.Equal("Reset your password", email.Subject);
        Assert.Equal($"<{queued.Id:N}@localhost>", email.MessageId);
        Assert.StartsWith("multipart/alternative", email.ContentType, StringComparison.Ordinal);
        Assert.StartsWith($"{BaseUrl}/reset-password?token=", email.FirstLink, StringComparison.Ordinal);
        Assert.Contains($"href=\"{email.FirstLink}\"", email.Html, StringComparison.Ordinal);

        var sent = await SingleOutboxRowAsync(app);
        Assert.NotNull(sent.SentAt);
        Assert.Empty(sent.SealedContent);
        Assert.Equal(1, sent.Attempts);

        var token = Uri.UnescapeDataString(email.FirstLink.Split("token=")[1]);
        await app.SendAsync("test", new ResetPassword(token, "a brand new passphrase"));
    }

    [Fact]
    public async Task A_failing_sender_is_retried_after_growing_delays_then_given_up_on()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>(ManualDrains) { ["Paylent:Email:MaxAttempts"] = "3" });
        await CreateUserAsync(app, "ada@example.com");
        await app.SendAsync("test", new RequestPasswordReset("ada@example.com", BaseUrl));
        var failing = new FailingSender();
        var clock = new TestClock();
        Task<int> Drain() => app.WithServices(sp => ActivatorUtilities.CreateInstance<OutboxSender>(sp, failing, clock).DrainAsync(CancellationToken.None));

        Assert.Equal(0, await Drain());
        var first = await SingleOutboxRowAsync(app);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(1), first.NextAttemptAt);
        Assert.Equal("SmtpProtocolException: The server is down.", first.LastError);
        Assert.Null(first.FailedAt);

        await Drain();
        Assert.Equal(1, failing.Calls);

        clock.Advance(TimeSpan.FromMinutes(1));
        await Drain();
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(4), (await SingleOutboxRowAsync(app)).NextAttemptAt);

        clock.Advance(TimeSpan.FromMinutes(4));
        await Drain();
        var last = await SingleOutboxRowAsync(app);
        Assert.Equal(3, failing.Calls);
        Assert.Equal(3, last.Attempts);
        Assert.NotNull(last.FailedAt);
        Assert.Empty(last.SealedContent);

        clock.Advance(TimeSpan.FromDays(1));
        await Drain();
        Assert.Equal(3, failing.Calls);
        Assert.Empty(app.Mailbox.All());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_drains_at_once_send_each_message_once(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider, ManualDrains);
        for (var i = 0; i < 12; i++)
        {
            var user = await CreateUserAsync(app, $"user{i}@example.com");
            await app.SendAsync("test", new SendEmailVerification(user.Id, BaseUrl));
        }

        var sender = new CountingSender();
        using var start = new Barrier(2);
        Task<int> Drain() => Task.Run(() =>
        {
            start.SignalAndWait();
            return app.WithServices(sp => ActivatorUtilities.CreateInstance<OutboxSender>(sp, sender).DrainAsync(CancellationToken.None));
        });

        var sent = await Task.WhenAll(Drain(), Drain());

        Assert.Equal(12, sent.Sum());
        Assert.Equal(12, sender.Sends.Count);
        Assert.All(sender.Sends.Values, count => Assert.Equal(1, count));
        Assert.All(await AllOutboxRowsAsync(app), row => Assert.NotNull(row.SentAt));
    }

    [Fact]
    public async Task The_background_job_sends_queued_email_shortly_after_the_commit()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:Email:PollInterval"] = "00:00:00.2" });
        await CreateUserAsync(app, "ada@example.com");

        await app.SendAsync("test", new RequestPasswordReset("ada@example.com", BaseUrl));

        var email = await app.Mailbox.WaitForAsync("ada@example.com", timeout: TimeSpan.FromSeconds(20));
        Assert.Contains("/reset-password?token=", email.FirstLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smtp_mode_sends_both_parts_to_the_configured_server_with_the_stable_message_id()
    {
        await using var smtp = new SmtpTestServer();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>(ManualDrains)
        {
            ["Paylent:Email:Mode"] = "Smtp",
            ["Paylent:Email:From"] = "accounts@paylent.example",
            ["Paylent:Email:Smtp:Host"] = "127.0.0.1",
            ["Paylent:Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),

            // The setting Security replaced, still honoured: operators' configurations keep working.
            ["Paylent:Email:Smtp:EnableSsl"] = "false",
        });
        await CreateUserAsync(app, "ada@example.com");
        await app.SendAsync("test", new RequestPasswordReset("ada@example.com", BaseUrl));
        var queued = await SingleOutboxRowAsync(app);

        Assert.Equal(1, await DrainAsync(app));

        var email = PickedUpEmail.Parse(Assert.Single(smtp.Messages), "smtp");
        Assert.Equal("ada@example.com", email.To);
        Assert.Equal("accounts@paylent.example", email.From);
        Assert.Equal("Reset your password", email.Subject);
        Assert.Equal($"<{queued.Id:N}@paylent.example>", email.MessageId);
        Assert.StartsWith("multipart/alternative", email.ContentType, StringComparison.Ordinal);
        Assert.StartsWith($"{BaseUrl}/reset-password?token=", email.FirstLink, StringComparison.Ordinal);
        Assert.Contains(email.FirstLink, email.Html, StringComparison.Ordinal);
        Assert.Empty(app.Mailbox.All());
    }

    [Fact]
    public async Task A_message_to_a_non_ascii_local_part_is_failed_for_good_at_once_with_its_reason()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, ManualDrains);
        await EnqueueAsync(app, "ü@exämple.com");

        Assert.Equal(0, await DrainAsync(app));

        var failed = await SingleOutboxRowAsync(app);
        Assert.Equal(1, failed.Attempts);
        Assert.NotNull(failed.FailedAt);
        Assert.Empty(failed.SealedContent);
        Assert.StartsWith("permanent: UndeliverableEmailException: ", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("token", failed.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(app.Mailbox.All());
    }

    [Fact]
    public async Task A_message_to_an_address_without_a_domain_is_failed_for_good_at_once()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, ManualDrains);
        await EnqueueAsync(app, "ada");

        Assert.Equal(0, await DrainAsync(app));

        var failed = await SingleOutboxRowAsync(app);
        Assert.NotNull(failed.FailedAt);
        Assert.StartsWith("permanent: UndeliverableEmailException: ", failed.LastError, StringComparison.Ordinal);
        Assert.Empty(app.Mailbox.All());
    }

    [Fact]
    public async Task An_internationalized_domain_is_sent_as_its_punycode()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, ManualDrains);
        await EnqueueAsync(app, "ada@exämple.com");

        Assert.Equal(1, await DrainAsync(app));

        Assert.Equal("ada@xn--exmple-cua.com", Assert.Single(app.Mailbox.All()).To);
    }

    [Fact]
    public async Task A_pickup_file_is_owner_only_and_a_resend_replaces_it_leaving_nothing_staged()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, ManualDrains);
        await EnqueueAsync(app, "ada@example.com");
        var id = (await SingleOutboxRowAsync(app)).Id;
        var content = new EmailMessage("ada@example.com", "Hello", "Plain hello", "<p>Hello</p>");
        var pickup = app.Services.GetRequiredService<IEmailSender>();
        var from = new MailboxAddress(null, "no-reply@localhost");

        // What a crash between the send and the commit leads to: the same message sent twice.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var message = OutboxMail.Compose(content, id, from);
            await pickup.SendAsync(message, id, CancellationToken.None);
        }

        var email = Assert.Single(app.Mailbox.All());
        Assert.Equal($"<{id:N}@localhost>", email.MessageId);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(app.Mailbox.Folder, ".staging")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(email.File));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(app.Mailbox.Folder));
        }
    }

    [Fact]
    public async Task A_non_ascii_subject_sender_name_and_body_read_back_as_written()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>(ManualDrains)
        {
            ["Paylent:Email:From"] = "Paylént Accounts <accounts@paylent.example>",
        });
        const string subject = "Réinitialisez votre mot de passe — un sujet assez long pour être replié sur deux lignes";
        await EnqueueAsync(app, "ada@example.com", new EmailMessage("ada@example.com", subject, "Bonjour Zoë: https://demo-test.localhost/x?token=a1", "<p>Bonjour Zoë</p>"));

        Assert.Equal(1, await DrainAsync(app));

        var email = Assert.Single(app.Mailbox.All());
        Assert.Equal(subject, email.Subject);
        Assert.Equal("Paylént Accounts <accounts@paylent.example>", email.From);
        Assert.Equal("Bonjour Zoë: https://demo-test.localhost/x?token=a1", email.Text);
        Assert.Equal("<p>Bonjour Zoë</p>", email.Html);
        Assert.True(System.Text.Ascii.IsValid(File.ReadAllBytes(email.File)), "every line of the file is 7-bit");
    }

    public static TheoryData<string, Exception, bool> SendFailures => new()
    {
        // what the server said, the failure, whether any later attempt could succeed
        { "550 at RCPT TO: mailbox unavailable", Refused(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable), false },
        { "551 at RCPT TO: user not local", Refused(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.UserNotLocalTryAlternatePath), false },
        { "553 at RCPT TO: mailbox name not allowed", Refused(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxNameNotAllowed), false },
        { "552 after DATA: too big", Refused(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.ExceededStorageAllocation), false },
        { "554 after DATA: transaction failed", Refused(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed), false },
        { "552 at MAIL FROM SIZE=: this message too big", Refused(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.ExceededStorageAllocation), false },
        { "an unparsable address", new ParseException("Invalid addr-spec token.", 0, 0), false },
        { "an address SMTP cannot carry", new UndeliverableEmailException("The recipient's local part is not ASCII."), false },
        { "421 service not available", Refused(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable), true },
        { "450 at RCPT TO: mailbox busy", Refused(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy), true },
        { "452 after DATA: insufficient storage", Refused(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage), true },
        { "500 syntax error (session)", Refused(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.CommandUnrecognized), true },
        { "530 at MAIL FROM: authentication required (configuration)", Refused(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.AuthenticationRequired), true },
        { "530 at RCPT TO: TLS required (configuration)", Refused(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.AuthenticationRequired), true },
        { "550 at MAIL FROM: sender refused (configuration)", Refused(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable), true },
        { "535 authentication failed (configuration)", new AuthenticationException("535: 5.7.8 Authentication credentials invalid"), true },
        { "no AUTH offered (configuration)", new SmtpConfigurationException("The SMTP server offers no authentication (AUTH)."), true },
        { "no STARTTLS offered (configuration)", new NotSupportedException("The SMTP server does not support the STARTTLS extension."), true },
        { "an untrusted certificate", new SslHandshakeException("An error occurred while attempting to establish an SSL or TLS connection."), true },
        { "a garbled reply", new SmtpProtocolException("The SMTP server has unexpectedly disconnected."), true },
        { "no connection", new SocketException((int)SocketError.ConnectionRefused), true },
        { "a broken connection", new IOException("Connection reset by peer."), true },
    };

    private static SmtpCommandException Refused(SmtpErrorCode code, SmtpStatusCode status) => new(code, status, $"{(int)status} refused");

    [Theory]
    [MemberData(nameof(SendFailures))]
    public async Task Only_failures_no_retry_can_cure_give_a_message_up_at_once(string reply, Exception failure, bool retried)
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, ManualDrains);
        await CreateUserAsync(app, "ada@example.com");
        await app.SendAsync("test", new RequestPasswordReset("ada@example.com", BaseUrl));
        var clock = new TestClock();

        await app.WithServices(sp => ActivatorUtilities.CreateInstance<OutboxSender>(sp, new ThrowingSender(failure), clock).DrainAsync(CancellationToken.None));

        var row = await SingleOutboxRowAsync(app);
        Assert.Equal(1, row.Attempts);
        Assert.True(retried == (row.FailedAt is null), reply);
        Assert.Equal(retried, !row.LastError!.StartsWith("permanent: ", StringComparison.Ordinal));
        Assert.Equal(retried, row.SealedContent.Length > 0);
        if (retried)
        {
            Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(1), row.NextAttemptAt);
        }
    }

    private static Task EnqueueAsync(PaylentApp app, string to, EmailMessage? content = null) =>
        app.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<PaylentDbContext>();
            var encryption = sp.GetRequiredService<KeyEncryption>();
            var message = content ?? new EmailMessage(to, "Hello", "Plain hello", "<p>Hello</p>");
            db.OutboxEmails.Add(OutboxEmail.Enqueue(null, to, id => SealedEmail.Seal(encryption, id, message), DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });

    private static Task<UserDto> CreateUserAsync(PaylentApp app, string email) =>
        app.SendAsync("test", new CreateUser(new UserProfile(email, null, null, null), "a long enough passphrase"));

    private static Task<int> DrainAsync(PaylentApp app) =>
        app.WithServices(sp => sp.GetRequiredService<OutboxSender>().DrainAsync(CancellationToken.None));

    private static async Task<OutboxEmail> SingleOutboxRowAsync(PaylentApp app) => Assert.Single(await AllOutboxRowsAsync(app));

    private static Task<List<OutboxEmail>> AllOutboxRowsAsync(PaylentApp app) =>
        app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().OutboxEmails.AsNoTracking().ToListAsync());

    private sealed class FailingSender : IEmailSender
    {
        public int Calls { get; private set; }

        public Task SendAsync(MimeMessage message, Guid outboxId, CancellationToken cancellationToken)
        {
            Calls++;
            throw new SmtpProtocolException("The server is down.");
        }
    }

    private sealed class ThrowingSender(Exception failure) : IEmailSender
    {
        public Task SendAsync(MimeMessage message, Guid outboxId, CancellationToken cancellationToken) => throw failure;
    }

    private sealed class CountingSender : IEmailSender
    {
        public ConcurrentDictionary<Guid, int> Sends { get; } = new();

        public async Task SendAsync(MimeMessage message, Guid outboxId, CancellationToken cancellationToken)
        {
            Sends.AddOrUpdate(outboxId, 1, (_, count) => count + 1);
            await Task.Delay(20, cancellationToken);
        }
    }
}
