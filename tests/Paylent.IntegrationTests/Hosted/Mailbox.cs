using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>What the app queued for an address (the outbox) and delivered to it (the pickup folder).</summary>
public static class Mailbox
{
    /// <summary>Emails ever queued to <paramref name="to"/>, sent or not, once the work requests handed over has run.</summary>
    public static async Task<int> QueuedAsync(PaylentApp app, string to)
    {
        await app.BackgroundCommandsDoneAsync();
        return await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().OutboxEmails.CountAsync(e => e.Recipient == to));
    }

    /// <summary>The link of the newest delivered email to <paramref name="to"/> whose link goes to <paramref name="path"/>, as path and query.</summary>
    public static async Task<string> LinkAsync(PaylentApp app, string to, string path)
    {
        await app.Mailbox.WaitForAsync(to, m => LinkPath(m) == path);
        var newest = app.Mailbox.All().Last(m => string.Equals(m.To, to, StringComparison.OrdinalIgnoreCase) && LinkPath(m) == path);
        return new Uri(newest.FirstLink).PathAndQuery;
    }

    public static string Token(string link) => link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];

    private static string LinkPath(PickedUpEmail email) => new Uri(email.FirstLink).AbsolutePath;
}
