using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Email;
using Paylent.Infrastructure.Email;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>The emails the app queued for an address, opened from the outbox with the app's own key.</summary>
public static partial class Mailbox
{
    public static async Task<IReadOnlyList<EmailMessage>> ForAsync(PaylentApp app, string to) =>
        await app.WithServices(async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var encryption = services.GetRequiredService<KeyEncryption>();
            var emails = await db.OutboxEmails.IgnoreQueryFilters().Where(e => e.Recipient == to).OrderBy(e => e.CreatedAt).ToListAsync();
            return (IReadOnlyList<EmailMessage>)emails.Select(e => SealedEmail.Open(encryption, e)).ToList();
        });

    /// <summary>The link of the newest email to <paramref name="to"/> whose link goes to <paramref name="path"/>, as path and query.</summary>
    public static async Task<string> LinkAsync(PaylentApp app, string to, string path)
    {
        var links = (await ForAsync(app, to)).Select(m => Link().Match(m.TextBody)).Where(m => m.Success && m.Groups["path"].Value == path).ToList();
        Assert.NotEmpty(links);
        var uri = new Uri(links[^1].Value);
        return uri.PathAndQuery;
    }

    public static string Token(string link) => link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];

    [GeneratedRegex(@"https?://[^/\s]+(?<path>/[a-z-]+)\?token=[A-Za-z0-9_-]+")]
    private static partial Regex Link();
}
