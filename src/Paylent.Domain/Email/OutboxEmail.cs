using System.Linq.Expressions;
using Paylent.Domain.Common;

namespace Paylent.Domain.Email;

/// <summary>
/// An email waiting to be sent, written in the same transaction as the change that caused it, so a
/// crash between commit and send loses nothing. The content (which may hold a one-time link) is
/// sealed at rest and erased once sent. A sender leases a message before sending it, so two
/// instances never send the same one.
/// </summary>
public sealed class OutboxEmail : Entity
{
    public const int MaxAddressLength = 254;
    public const int MaxErrorLength = 1000;

    private OutboxEmail(Guid? environmentId, string recipient, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        Recipient = recipient;
        SealedContent = string.Empty;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    /// <summary>The environment the message is about, for operators; sending does not depend on it.</summary>
    public Guid? EnvironmentId { get; private set; }

    public string Recipient { get; private set; }

    /// <summary>The subject and bodies, encrypted; empty once sent.</summary>
    public string SealedContent { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    /// <summary>While set and in the future, one sender owns the message.</summary>
    public DateTime? LeasedUntil { get; private set; }

    public DateTime? SentAt { get; private set; }

    /// <summary>Set when the message was given up on: after its last retry, or at once when no attempt could ever send it.</summary>
    public DateTime? FailedAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Concurrency token: a lease taken on a stale copy fails.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// <param name="seal">Seals the content, bound to the new message's id.</param>
    public static OutboxEmail Enqueue(Guid? environmentId, string recipient, Func<Guid, string> seal, DateTime now)
    {
        var email = new OutboxEmail(environmentId, recipient, now);
        email.SealedContent = seal(email.Id);
        return email;
    }

    /// <summary>Unsent, not given up on, due, and not leased by a sender: as a query, so the drain's database scan uses it.</summary>
    public static Expression<Func<OutboxEmail, bool>> DueAt(DateTime now) =>
        m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil <= now);

    public void Lease(DateTime until)
    {
        LeasedUntil = until;
        Attempts++;
        Version = Guid.NewGuid();
    }

    public void MarkSent(DateTime now)
    {
        SentAt = now;
        LeasedUntil = null;
        LastError = null;
        SealedContent = string.Empty;
        Version = Guid.NewGuid();
    }

    /// <summary>Schedules a retry after <paramref name="backoff"/>, or gives up when there is none.</summary>
    public void MarkFailed(string error, TimeSpan? backoff, DateTime now)
    {
        LeasedUntil = null;
        LastError = BoundedText.Truncate(error, MaxErrorLength);
        if (backoff is { } delay)
        {
            NextAttemptAt = now + delay;
        }
        else
        {
            FailedAt = now;
            SealedContent = string.Empty;
        }

        Version = Guid.NewGuid();
    }
}
