using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Email;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Email;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Email;

/// <summary>
/// Smtp mode against an SMTP server the test starts: STARTTLS (required unless configured otherwise),
/// implicit TLS, AUTH, and which refusals are retried (docs/operations.md, "Email outbox").
/// </summary>
public sealed class SmtpSendingTests
{
    private const string BaseUrl = "http://demo-test.localhost";
    private const string Recipient = "ada@example.com";
    private const string Username = "mailer";
    private const string Password = "smtp password that must never be logged";

    [Fact]
    public async Task Start_tls_mode_authenticates_and_delivers_only_over_tls_the_stable_message_id_and_both_parts()
    {
        await using var smtp = new SmtpTestServer(new(SmtpTestTls.StartTls, Username, Password, AuthMechanisms: "PLAIN"));
        await using var app = await StartAsync(smtp, Trusting(smtp), WithCredentials(Password));
        var queued = await QueueResetAsync(app);
        var logs = new CapturingLogger();

        Assert.Equal(1, await DrainAsync(app, logs));

        var received = Assert.Single(smtp.Received);
        Assert.True(received.OverTls);
        Assert.Equal(Username, received.AuthenticatedAs);
        Assert.Equal(Recipient, received.Recipient);
        Assert.Equal(new[] { "EHLO", "STARTTLS" }, smtp.Commands.Where(c => !c.OverTls).Select(c => c.Command));
        Assert.Contains(("AUTH", true), smtp.Commands);

        var email = PickedUpEmail.Parse(received.Data, "smtp");
        Assert.Equal($"<{queued.Id:N}@paylent.example>", email.MessageId);
        Assert.Equal("accounts@paylent.example", email.From);
        Assert.Equal(Recipient, email.To);
        Assert.Equal("Reset your password", email.Subject);
        Assert.StartsWith("multipart/alternative", email.ContentType, StringComparison.Ordinal);
        Assert.StartsWith($"{BaseUrl}/reset-password?token=", email.FirstLink, StringComparison.Ordinal);
        Assert.Contains($"href=\"{email.FirstLink}\"", email.Html, StringComparison.Ordinal);

        Assert.NotNull((await SingleOutboxRowAsync(app)).SentAt);
        Assert.Contains(logs.Lines, line => line.Contains($"Sent outbox email {queued.Id}", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Password, StringComparison.Ordinal) || line.Contains("token=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tls_mode_delivers_over_tls_from_the_first_byte()
    {
        await using var smtp = new SmtpTestServer(new(SmtpTestTls.Implicit, Username, Password, AuthMechanisms: "LOGIN"));
        await using var app = await StartAsync(smtp, Trusting(smtp), WithCredentials(Password), [("Security", "Tls")]);
        var queued = await QueueResetAsync(app);

        Assert.Equal(1, await DrainAsync(app, new CapturingLogger()));

        var received = Assert.Single(smtp.Received);
        Assert.Equal(Username, received.AuthenticatedAs);
        Assert.All(smtp.Commands, command => Assert.True(command.OverTls, command.Command));
        Assert.Equal($"<{queued.Id:N}@paylent.example>", PickedUpEmail.Parse(received.Data, "smtp").MessageId);
    }

    [Fact]
    public async Task Start_tls_mode_sends_nothing_to_a_server_that_does_not_offer_it_and_tries_again_later()
    {
        // A server that would take credentials and mail in clear.
        await using var smtp = new SmtpTestServer(new(SmtpTestTls.None, Username, Password));
        await using var app = await StartAsync(smtp, WithCredentials(Password));
        await QueueResetAsync(app);
        var logs = new CapturingLogger();
        var clock = new TestClock();

        Assert.Equal(0, await DrainAsync(app, logs, clock));

        Assert.Empty(smtp.Received);
        Assert.Equal(new[] { "EHLO" }, smtp.Commands.Select(c => c.Command).Where(c => c != "QUIT"));
        var row = await SingleOutboxRowAsync(app);
        Assert.Null(row.FailedAt);
        Assert.StartsWith("NotSupportedException: ", row.LastError, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", row.LastError, StringComparison.Ordinal);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(1), row.NextAttemptAt);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await DrainAsync(app, logs, clock));
        Assert.Equal(2, smtp.Commands.Count(c => c.Command == "EHLO"));
        Assert.Equal(2, (await SingleOutboxRowAsync(app)).Attempts);
        Assert.DoesNotContain(smtp.Commands, c => c.Command is "AUTH" or "MAIL");
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_credentials_are_retried_not_given_up_on()
    {
        await using var smtp = new SmtpTestServer(new(SmtpTestTls.StartTls, Username, Password));
        await using var app = await StartAsync(smtp, Trusting(smtp), WithCredentials("a wrong smtp password"));
        await QueueResetAsync(app);
        var logs = new CapturingLogger();

        Assert.Equal(0, await DrainAsync(app, logs));

        Assert.Empty(smtp.Received);
        var row = await SingleOutboxRowAsync(app);
        Assert.Null(row.FailedAt);
        Assert.NotEmpty(row.SealedContent);
        Assert.StartsWith("AuthenticationException: ", row.LastError, StringComparison.Ordinal);
        Assert.Contains("535", row.LastError, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, line => line.Contains("retrying", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("wrong smtp password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_for_a_server_that_offers_no_authentication_are_retried_with_a_clear_reason()
    {
        await using var smtp = new SmtpTestServer(new(SmtpTestTls.StartTls));
        await using var app = await StartAsync(smtp, Trusting(smtp), WithCredentials(Password));
        await QueueResetAsync(app);
        var logs = new CapturingLogger();

        Assert.Equal(0, await DrainAsync(app, logs));

        Assert.Empty(smtp.Received);
        var row = await SingleOutboxRowAsync(app);
        Assert.Null(row.FailedAt);
        Assert.StartsWith("SmtpConfigurationException: ", row.LastError, StringComparison.Ordinal);
        Assert.Contains("offers no authentication (AUTH)", row.LastError, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, line => line.Contains("offers no authentication (AUTH)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_certificate_that_is_not_trusted_is_refused_and_retried()
    {
        await using var smtp = new SmtpTestServer(new(SmtpTestTls.StartTls, Username, Password));
        await using var app = await StartAsync(smtp, WithCredentials(Password));
        await QueueResetAsync(app);

        Assert.Equal(0, await DrainAsync(app, new CapturingLogger()));

        Assert.Empty(smtp.Received);
        Assert.DoesNotContain(smtp.Commands, c => c.Command is "AUTH" or "MAIL");
        var row = await SingleOutboxRowAsync(app);
        Assert.Null(row.FailedAt);
        Assert.StartsWith("SslHandshakeException: ", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_with_550_is_given_up_on_at_once()
    {
        await using var smtp = new SmtpTestServer(new(RejectedRecipients: [Recipient]));
        await using var app = await StartAsync(smtp, [("Security", "None")]);
        await QueueResetAsync(app);

        Assert.Equal(0, await DrainAsync(app, new CapturingLogger()));

        Assert.Empty(smtp.Received);
        var row = await SingleOutboxRowAsync(app);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.FailedAt);
        Assert.Empty(row.SealedContent);
        Assert.StartsWith("permanent: SmtpCommandException: ", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Security_defaults_to_start_tls_and_the_older_enable_ssl_false_still_means_none()
    {
        Assert.Equal((SmtpSecurity.StartTls, 587), Effective(new SmtpOptions()));
        Assert.Equal((SmtpSecurity.StartTls, 587), Effective(new SmtpOptions { EnableSsl = true }));
        Assert.Equal((SmtpSecurity.None, 587), Effective(new SmtpOptions { EnableSsl = false }));
        Assert.Equal((SmtpSecurity.Tls, 465), Effective(new SmtpOptions { Security = SmtpSecurity.Tls }));
        Assert.Equal((SmtpSecurity.Tls, 2465), Effective(new SmtpOptions { Security = SmtpSecurity.Tls, EnableSsl = true, Port = 2465 }));

        static (SmtpSecurity, int) Effective(SmtpOptions smtp) => (smtp.EffectiveSecurity, smtp.EffectivePort);
    }

    public static TheoryData<string, Action<EmailOptions>, string> StartProblems => new()
    {
        { "EnableSsl=false with Security=StartTls", o => (o.Smtp.EnableSsl, o.Smtp.Security) = (false, SmtpSecurity.StartTls), "contradicts" },
        { "EnableSsl=true with Security=None", o => (o.Smtp.EnableSsl, o.Smtp.Security) = (true, SmtpSecurity.None), "contradicts" },
        { "a trusted-certificates file that is not there", o => o.Smtp.TrustedCertificatesFile = "/nonexistent/smtp-ca.pem", "cannot be read" },
        { "a trusted-certificates file without a certificate", o => o.Smtp.TrustedCertificatesFile = typeof(SmtpSendingTests).Assembly.Location, "no PEM certificate" },
        { "a port out of range", o => o.Smtp.Port = 70000, "Port" },
        { "a sender without a domain", o => o.From = "no-reply", "must be an email address" },
    };

    [Theory]
    [MemberData(nameof(StartProblems))]
    public void Smtp_settings_that_cannot_work_stop_the_start_with_a_message(string settings, Action<EmailOptions> change, string message)
    {
        var options = new EmailOptions { Mode = EmailMode.Smtp, Smtp = { Host = "smtp.example.com" } };
        Assert.Null(options.Problem(new PaylentOptions()));

        change(options);

        var problem = options.Problem(new PaylentOptions());
        Assert.True(problem?.Contains(message, StringComparison.Ordinal) == true, $"{settings}: {problem}");
    }

    private static (string, string?)[] Trusting(SmtpTestServer smtp) => [("TrustedCertificatesFile", smtp.CertificateFile)];

    private static (string, string?)[] WithCredentials(string password) => [("Username", Username), ("Password", password)];

    private static async Task<PaylentApp> StartAsync(SmtpTestServer smtp, params (string Key, string? Value)[][] smtpSettings)
    {
        var settings = new Dictionary<string, string?>
        {
            // The background job waits an hour between drains: these tests drain by hand.
            ["Paylent:Email:PollInterval"] = "01:00:00",
            ["Paylent:Email:Mode"] = "Smtp",
            ["Paylent:Email:From"] = "accounts@paylent.example",
            ["Paylent:Email:Smtp:Host"] = "127.0.0.1",
            ["Paylent:Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Paylent:Email:Smtp:Timeout"] = "00:00:10",
        };
        foreach (var (key, value) in smtpSettings.SelectMany(s => s))
        {
            settings[$"Paylent:Email:Smtp:{key}"] = value;
        }

        return await PaylentApp.StartAsync(DatabaseProvider.Sqlite, settings);
    }

    private static async Task<OutboxEmail> QueueResetAsync(PaylentApp app)
    {
        await app.SendAsync("test", new CreateUser(new UserProfile(Recipient, null, null, null), "a long enough passphrase"));
        await app.SendAsync("test", new RequestPasswordReset(Recipient, BaseUrl));
        return await SingleOutboxRowAsync(app);
    }

    private static Task<int> DrainAsync(PaylentApp app, CapturingLogger logs, TimeProvider? clock = null) =>
        app.WithServices(sp => ActivatorUtilities.CreateInstance<OutboxSender>(sp, logs, clock ?? TimeProvider.System).DrainAsync(CancellationToken.None));

    private static async Task<OutboxEmail> SingleOutboxRowAsync(PaylentApp app) =>
        Assert.Single(await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().OutboxEmails.AsNoTracking().ToListAsync()));

    /// <summary>What the outbox sender logs, formatted as a log line would be, with its exception.</summary>
    private sealed class CapturingLogger : ILogger<OutboxSender>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{logLevel} {formatter(state, exception)} {exception}");
    }
}
