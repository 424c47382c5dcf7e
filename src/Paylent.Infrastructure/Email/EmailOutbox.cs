using System.Text.Json;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Email;
using Paylent.Application.Email.Contracts;
using Paylent.Domain.Email;
using Paylent.Infrastructure.OAuth;

namespace Paylent.Infrastructure.Email;

/// <summary>
/// Adds emails to the outbox in the current unit of work. Their content is sealed with the
/// key-encryption key, bound to the row, because it may hold a one-time link.
/// </summary>
public sealed class EmailOutbox(IEmailData db, KeyEncryption encryption, EnvironmentContext scope, TimeProvider clock) : IEmailOutbox
{
    public void Enqueue(EmailMessage message)
    {
        db.OutboxEmails.Add(OutboxEmail.Enqueue(
            scope.EnvironmentId, message.To, id => SealedEmail.Seal(encryption, id, message), clock.GetUtcNow().UtcDateTime));
    }
}

/// <summary>The sealed form of an outbox message's content.</summary>
public static class SealedEmail
{
    public static string Seal(KeyEncryption encryption, Guid id, EmailMessage message) =>
        encryption.Seal(JsonSerializer.SerializeToUtf8Bytes(message), AssociatedData(id));

    public static EmailMessage Open(KeyEncryption encryption, OutboxEmail email) =>
        JsonSerializer.Deserialize<EmailMessage>(encryption.Open(email.SealedContent, AssociatedData(email.Id)))
            ?? throw new InvalidOperationException($"Outbox email {email.Id} has no content.");

    private static string AssociatedData(Guid id) => $"outbox_email:{id}";
}
