using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Email;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Email;

/// <summary>
/// Instances as an operator runs them: separate processes on one PostgreSQL database, sending through
/// one SMTP server, one of them killed with SIGKILL while the server holds its message.
/// </summary>
public sealed class OutboxCrashTests
{
    private const string BaseUrl = "http://demo-test.localhost";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_message_whose_sender_is_killed_mid_send_is_sent_by_another_instance_with_its_message_id_and_two_instances_send_each_message_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var smtp = new SmtpTestServer();

        // This in-process host only migrates and queues: its own drain waits an hour.
        await using var queuer = PaylentApp.Start(database, new Dictionary<string, string?> { ["Paylent:Email:PollInterval"] = "01:00:00" });
        var instance = new Dictionary<string, string>
        {
            ["Paylent:Email:Mode"] = "Smtp",
            ["Paylent:Email:From"] = "accounts@paylent.example",
            ["Paylent:Email:Smtp:Host"] = "127.0.0.1",
            ["Paylent:Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Paylent:Email:Smtp:Security"] = "None",
            ["Paylent:Email:PollInterval"] = "00:00:00.2",
            ["Paylent:Email:LeaseDuration"] = Lease.ToString("c", CultureInfo.InvariantCulture),
        };

        // The first instance hands the message over, and dies before the server's answer.
        await using var first = await PaylentProcess.StartAsync(database, instance);
        var held = smtp.HoldNextMessage();
        var crashed = await QueueAsync(queuer, "ada@example.com");
        var heldMessage = await held.WaitAsync(Patience);
        Assert.Equal(MessageId(crashed), PickedUpEmail.Parse(heldMessage.Data, "smtp").MessageId);

        // Killed before the next instance starts: the test server answers one session at a time, so a
        // survivor started first could wait on the held session longer than its SMTP timeout while a
        // loaded machine starts it, and fail its attempt (retried only a minute later).
        await first.KillAsync();
        await using var second = await PaylentProcess.StartAsync(database, instance);

        // The lease ends, and the survivor sends it again: a copy with the same Message-ID, so the
        // receiver can drop it. Sent once as far as the outbox knows.
        var row = await WaitUntilSentAsync(queuer, crashed, second);
        var copies = smtp.Received.Where(m => PickedUpEmail.Parse(m.Data, "smtp").MessageId == MessageId(crashed)).ToList();
        Assert.Equal([false, true], copies.Select(m => m.Acknowledged));
        Assert.Equal(2, row.Attempts);

        // Two live instances draining one outbox send each message once.
        await using var third = await PaylentProcess.StartAsync(database, instance);
        var queued = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            queued.Add(await QueueAsync(queuer, $"user{i}@example.com"));
        }

        foreach (var id in queued)
        {
            Assert.Equal(1, (await WaitUntilSentAsync(queuer, id, second, third)).Attempts);
        }

        var delivered = smtp.Received.Select(m => PickedUpEmail.Parse(m.Data, "smtp").MessageId).ToList();
        Assert.All(queued, id => Assert.Single(delivered, MessageId(id)));
        Assert.Equal(12, smtp.Received.Count);
    }

    private static string MessageId(Guid outboxId) => $"<{outboxId:N}@paylent.example>";

    private static async Task<Guid> QueueAsync(PaylentApp app, string email)
    {
        var user = await app.SendAsync("test", new CreateUser(new UserProfile(email, null, null, null), "a long enough passphrase"));
        await app.SendAsync("test", new SendEmailVerification(user.Id, BaseUrl));
        return await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().OutboxEmails
            .Where(m => m.Recipient == email).Select(m => m.Id).SingleAsync());
    }

    /// <summary>Waits for the message to be marked sent; on timeout, fails with what the senders logged.</summary>
    private static async Task<OutboxEmail> WaitUntilSentAsync(PaylentApp app, Guid id, params PaylentProcess[] senders)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var row = await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().OutboxEmails.AsNoTracking().SingleAsync(m => m.Id == id));
            if (row.SentAt is not null)
            {
                return row;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Message {id:N} not sent within {Patience} (attempts {row.Attempts}, last error {row.LastError}). The senders wrote:\n"
                    + string.Join("\n---\n", senders.Select(s => s.Output)));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
