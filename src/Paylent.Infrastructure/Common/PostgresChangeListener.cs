using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Carries <see cref="ChangeSignal"/> notices between instances on PostgreSQL: LISTEN on one dedicated,
/// long-lived connection per instance (not from the pool, which would hand it to a query and lose the
/// subscription), and NOTIFY for what this instance publishes, on a pooled connection. When the listening
/// connection breaks it reconnects with a growing delay, and on every (re)connection tells subscribers to
/// reload everything: NOTIFY is not queued for a session that is not listening (PostgreSQL docs, NOTIFY).
/// </summary>
public sealed partial class PostgresChangeListener(
    ChangeSignal signal, IOptions<DatabaseOptions> database, IConfiguration configuration, ILogger<PostgresChangeListener> logger) : BackgroundService
{
    /// <summary>The one PostgreSQL channel; the signal's own channel travels in the payload.</summary>
    public const string Channel = "paylent_changes";

    /// <summary>How the listening connection names itself in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "paylent-change-listener";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private string ConnectionString => configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
        ?? throw new InvalidOperationException($"Database:Provider is Postgres, so ConnectionStrings:{DatabaseOptions.ConnectionStringName} must be set.");

    // On SQLite there is one instance: ChangeSignal's local delivery is everything.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => database.Value.Provider == DatabaseProvider.Postgres
        ? Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken))
        : Task.CompletedTask;

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var listening = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Pooling = false,
            ApplicationName = ApplicationName,

            // A connection silently dropped (a failover, a NAT timeout) is noticed within seconds, not at the next write.
            KeepAlive = 10,
        }.ConnectionString;
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listening);
                connection.Notification += (_, notification) => signal.Received(notification.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                retry = FirstRetry;
                LogListening(logger);

                // Whatever changed before LISTEN (at start, or while disconnected) was not heard.
                signal.ReloadEverything();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever broke the connection, this instance must keep listening: it retries rather than
                // ending the service (which would stop the host).
                LogDisconnected(logger, exception, retry.TotalSeconds);
                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var outbox = signal.Outbox!.Reader;
        try
        {
            while (await outbox.WaitToReadAsync(stoppingToken))
            {
                try
                {
                    await using var connection = new NpgsqlConnection(ConnectionString);
                    await connection.OpenAsync(stoppingToken);

                    // Everything queued meanwhile goes out on the one connection.
                    while (outbox.TryPeek(out var envelope))
                    {
                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                        notify.Parameters.AddWithValue("channel", Channel);
                        notify.Parameters.AddWithValue("payload", envelope);
                        await notify.ExecuteNonQueryAsync(stoppingToken);
                        outbox.TryRead(out _);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Dropped rather than retried for ever: peers whose connection broke reload everything when
                    // it is back, and the subscribers that matter reload periodically anyway.
                    var dropped = 0;
                    while (outbox.TryRead(out _))
                    {
                        dropped++;
                    }

                    LogSendFailed(logger, exception, dropped);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for change notices from other instances.")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change-notice connection failed; reconnecting in {Seconds} s.")]
    private static partial void LogDisconnected(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change notices could not be sent to other instances ({Dropped} dropped); they catch up when they reload.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int dropped);
}
