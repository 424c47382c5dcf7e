using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Domains.Tls;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>The cross-instance change signal (docs/architecture.md, "Change signal"): two instances on one PostgreSQL database.</summary>
public sealed class ChangeSignalTests
{
    private const string Channel = "test-changes";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_change_published_on_one_instance_reaches_the_other_within_seconds_and_the_publisher_at_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = PaylentApp.Start(database);
        await using var second = PaylentApp.Start(database);
        await TlsProbe.UntilListeningAsync(database, 2);
        var heardByFirst = Listen(first);
        var heardBySecond = Listen(second);

        first.Services.GetRequiredService<ChangeSignal>().Publish(Channel, "tenant-a.example");

        // The publisher's own subscribers hear it in the publishing call, before any round trip.
        Assert.Equal(["tenant-a.example"], heardByFirst.Select(n => n.Payload));
        var started = TimeProvider.System.GetTimestamp();
        await UntilAsync(() => heardBySecond.Any(n => n.Payload == "tenant-a.example"));
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));

        // A second change proves the order, and that the publisher ignores its own notice coming back.
        second.Services.GetRequiredService<ChangeSignal>().Publish(Channel, "tenant-b.example");
        await UntilAsync(() => heardByFirst.Any(n => n.Payload == "tenant-b.example"));
        Assert.Equal(["tenant-a.example", "tenant-b.example"], heardByFirst.Select(n => n.Payload));
    }

    [Fact]
    public async Task When_the_listening_connection_is_cut_subscribers_reload_everything_and_later_changes_still_arrive()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = PaylentApp.Start(database);
        await using var second = PaylentApp.Start(database);
        await TlsProbe.UntilListeningAsync(database, 2);
        var heardBySecond = Listen(second);

        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", connection);
            terminate.Parameters.AddWithValue("name", PostgresChangeListener.ApplicationName);
            Assert.Equal(2L, await terminate.ExecuteScalarAsync());
        }

        // Whatever was published while it was away is lost to it: it is told to reload everything instead.
        await UntilAsync(() => heardBySecond.Any(n => n.Everything));
        Assert.All(heardBySecond, n => Assert.Equal(Channel, n.Channel));
        await TlsProbe.UntilListeningAsync(database, 2);

        first.Services.GetRequiredService<ChangeSignal>().Publish(Channel, "after-the-cut");
        await UntilAsync(() => heardBySecond.Any(n => n.Payload == "after-the-cut"));
    }

    [Fact]
    public async Task On_sqlite_a_change_reaches_the_instances_subscribers_in_the_publishing_call_and_no_others()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var heard = Listen(app);
        var other = new ConcurrentQueue<ChangeNotice>();
        using var _ = app.Services.GetRequiredService<ChangeSignal>().Subscribe("other-channel", other.Enqueue);

        app.Services.GetRequiredService<ChangeSignal>().Publish(Channel, "x");

        Assert.Equal([new ChangeNotice(Channel, "x")], heard);
        Assert.Empty(other);
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_keep_the_others_from_their_notice()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var signal = app.Services.GetRequiredService<ChangeSignal>();
        using var failing = signal.Subscribe(Channel, _ => throw new InvalidOperationException("broken subscriber"));
        var heard = Listen(app);

        signal.Publish(Channel, "still-delivered");

        Assert.Equal(["still-delivered"], heard.Select(n => n.Payload));
    }

    private static ConcurrentQueue<ChangeNotice> Listen(PaylentApp app)
    {
        var heard = new ConcurrentQueue<ChangeNotice>();
        app.Services.GetRequiredService<ChangeSignal>().Subscribe(Channel, heard.Enqueue);
        return heard;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, "the notice never arrived");
            await Task.Delay(50);
        }
    }
}
