using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Email.Contracts;
using Paylent.Infrastructure.Email;
using Paylent.Infrastructure.OAuth;

namespace Paylent.Application.Tests.Support;

/// <summary>The emails a test's steps queued, opened as the sender would open them.</summary>
internal static partial class Outbox
{
    public static async Task<List<EmailMessage>> QueuedEmails(this ApplicationHarness app)
    {
        var encryption = app.Service<KeyEncryption>();
        var rows = await app.Read(db => db.OutboxEmails.AsNoTracking().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        return rows.Select(row => SealedEmail.Open(encryption, row)).ToList();
    }

    /// <summary>The token of the link in the last email queued for <paramref name="to"/>.</summary>
    public static async Task<string> LastLinkToken(this ApplicationHarness app, string to)
    {
        var email = (await app.QueuedEmails()).Last(e => e.To == to);
        return TokenParameter().Match(email.TextBody) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The email has no link with a token.");
    }

    [GeneratedRegex("[?&]token=([A-Za-z0-9_-]+)")]
    private static partial Regex TokenParameter();
}
