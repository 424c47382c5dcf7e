namespace Paylent.Application.Email.Contracts;

/// <summary>One email, with a plain-text and an HTML part.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody);

/// <summary>
/// Queues an email in the current unit of work: it is stored with the change that caused it and
/// sent after the commit by a background job, so a rolled-back change sends nothing.
/// </summary>
public interface IEmailOutbox
{
    void Enqueue(EmailMessage message);
}
