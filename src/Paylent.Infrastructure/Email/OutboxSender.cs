using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Domain.Email;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Email;

/// <summary>
/// Drains the outbox: leases due messages one row at a time (optimistic concurrency on the row's
/// version, so of two instances only one wins each message), opens, sends, and records the outcome.
/// A failure waits a growing delay before the next attempt, and after the last one the message is
/// marked failed. A crash while sending leaves the lease to expire, after which the message is sent
/// again (same Message-ID; in Pickup mode the same file). Logs name messages by id only: the body
/// holds a one-time link.
/// </summary>
public sealed partial class OutboxSender(
    PaylentDbContext db, KeyEncryption encryption, IEmailSender sender, IOptions<EmailOptions> options, IOptions<PaylentOptions> paylent,
    TimeProvider clock, ILogger<OutboxSender> logger)
{
    private readonly EmailOptions _options = options.Value;

    /// <returns>How many messages this drain sent.</returns>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (true)
        {
            var due = await DueBatchAsync(cancellationToken);
            foreach (var email in due)
            {
                // Leased just before its own send, so a slow batch never outlives its leases: a lease
                // expiring mid-batch would let another instance send the same message again.
                email.Lease(Now() + _options.LeaseDuration);
                if (await TrySaveAsync(email, cancellationToken))
                {
                    sent += await SendAsync(email, cancellationToken) ? 1 : 0;
                }
            }

            db.ChangeTracker.Clear();
            if (due.Count < _options.BatchSize)
            {
                return sent;
            }
        }
    }

    private Task<List<OutboxEmail>> DueBatchAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        return db.OutboxEmails
            .Where(OutboxEmail.DueAt(now))
            .OrderBy(m => m.NextAttemptAt)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
    }

    private async Task<bool> SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        try
        {
            using var message = OutboxMail.Compose(SealedEmail.Open(encryption, email), email.Id, _options.FromAddress(paylent.Value));
            await sender.SendAsync(message, email.Id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var permanent = IsPermanent(e);
            var delay = permanent ? null : _options.RetryDelay(email.Attempts);
            email.MarkFailed($"{(permanent ? "permanent: " : string.Empty)}{e.GetType().Name}: {e.Message}", delay, Now());
            if (delay is { } wait)
            {
                LogRetry(email.Id, email.Attempts, wait, e.GetType().Name, e.Message);
            }
            else
            {
                LogGaveUp(email.Id, email.Attempts, e.GetType().Name, e.Message);
            }

            await TrySaveAsync(email, CancellationToken.None);
            return false;
        }

        email.MarkSent(Now());
        if (await TrySaveAsync(email, CancellationToken.None))
        {
            LogSent(email.Id, email.Attempts);
        }

        return true;
    }

    /// <summary>
    /// A failure no retry can cure: an address that cannot be parsed or written, or the server refusing
    /// this message or its recipient for good (RFC 5321 §4.2.1: 5yz is a permanent negative reply). A
    /// 5yz about the session itself (a syntax error, 530 TLS or authentication required, 535
    /// authentication failed) or about the configured sender is the configuration's, not the message's:
    /// it is retried with backoff like a network or TLS failure, so fixing the configuration lets the
    /// message through.
    /// </summary>
    private static bool IsPermanent(Exception exception) => exception switch
    {
        // MimeKit's ParseException is a FormatException: an address that cannot be parsed.
        UndeliverableEmailException or FormatException => true,
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted } refused =>
            RefusesTheMessage(refused.StatusCode),

        // RFC 1870 §6.1: 552 to MAIL FROM ... SIZE= is this message's size; any other refusal of the
        // From address refuses every message alike.
        SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } refused => refused.StatusCode == SmtpStatusCode.ExceededStorageAllocation,
        _ => false,
    };

    // 550-554 refuse the mailbox or the transaction (RFC 5321 §4.2.2, §4.2.3); 500-504 (syntax),
    // 530/535 (RFC 3207 §4, RFC 4954 §6) are about the session, whatever the command they answered.
    private static bool RefusesTheMessage(SmtpStatusCode status) => status is SmtpStatusCode.MailboxUnavailable
        or SmtpStatusCode.UserNotLocalTryAlternatePath or SmtpStatusCode.ExceededStorageAllocation
        or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.TransactionFailed;

    /// <summary>Saves one message's change; false (and forgets it) when another sender changed it first.</summary>
    private async Task<bool> TrySaveAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.Entry(email).State = EntityState.Detached;
            LogTakenOver(email.Id);
            return false;
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent outbox email {OutboxEmailId} (attempt {Attempt})")]
    private partial void LogSent(Guid outboxEmailId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox email {OutboxEmailId} failed (attempt {Attempt}), retrying in {Delay}: {ErrorType}: {Error}")]
    private partial void LogRetry(Guid outboxEmailId, int attempt, TimeSpan delay, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox email {OutboxEmailId} failed (attempt {Attempt}) and is given up on: {ErrorType}: {Error}")]
    private partial void LogGaveUp(Guid outboxEmailId, int attempt, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox email {OutboxEmailId} was taken by another sender")]
    private partial void LogTakenOver(Guid outboxEmailId);
}
