using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// "Something on <see cref="Channel"/> changed": <see cref="Payload"/> names what (a hostname, an id), or is
/// null when the subscriber must reload everything it keeps, because notices may have been missed (the
/// instance's listening connection was down).
/// </summary>
public sealed record ChangeNotice(string Channel, string? Payload)
{
    public bool Everything => Payload is null;
}

/// <summary>
/// Tells every instance that something changed, within seconds, so in-memory state (a certificate map, a
/// cache) follows a write made elsewhere. Publish after the change has committed, e.g. from what an
/// <see cref="ISaveObserver"/> returns. Subscribers of this instance hear it at once, in the publishing
/// thread; on PostgreSQL the other instances hear it through LISTEN/NOTIFY (<see cref="PostgresChangeListener"/>);
/// on SQLite there is one instance, so the local delivery is all there is. A notice can be lost (the
/// database unreachable when it is sent); after every (re)connection subscribers are told to reload
/// everything, and those that matter keep a periodic full reload as well.
/// </summary>
public sealed partial class ChangeSignal
{
    public const int MaxChannelLength = 64;

    // PostgreSQL caps a NOTIFY payload at 8000 bytes; the envelope needs a little of it.
    public const int MaxPayloadLength = 1000;

    private readonly ConcurrentDictionary<string, ImmutableArray<Action<ChangeNotice>>> _subscribers = new(StringComparer.Ordinal);
    private readonly ILogger<ChangeSignal> _logger;

    public ChangeSignal(IOptions<DatabaseOptions> database, ILogger<ChangeSignal> logger)
    {
        _logger = logger;
        if (database.Value.Provider == DatabaseProvider.Postgres)
        {
            // Unbounded but small: one entry per committed change, drained as fast as NOTIFY goes out.
            Outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        }
    }

    /// <summary>This process, so it can tell its own notices from its peers' when they come back from the database.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Envelopes waiting to be sent to the other instances; null when there are none (SQLite).</summary>
    internal Channel<string>? Outbox { get; }

    /// <summary>
    /// Calls <paramref name="handler"/> for every notice on <paramref name="channel"/> until the result is
    /// disposed. Handlers run on the thread that delivers (a request's, the listener's): keep them short
    /// (flag or schedule the reload, do not run it inline) and never throw.
    /// </summary>
    public IDisposable Subscribe(string channel, Action<ChangeNotice> handler)
    {
        _subscribers.AddOrUpdate(channel, _ => [handler], (_, handlers) => handlers.Add(handler));
        return new Subscription(() => _subscribers.AddOrUpdate(channel, _ => [], (_, handlers) => handlers.Remove(handler)));
    }

    /// <summary>Announces that <paramref name="payload"/> on <paramref name="channel"/> changed; never blocks.</summary>
    public void Publish(string channel, string payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel.Length, MaxChannelLength, nameof(channel));
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, MaxPayloadLength, nameof(payload));

        Deliver(new ChangeNotice(channel, payload));
        Outbox?.Writer.TryWrite(JsonSerializer.Serialize(new Envelope(InstanceId, channel, payload)));
    }

    /// <summary>A notice from the database: delivered unless this instance sent it (it heard it when publishing).</summary>
    internal void Received(string envelope)
    {
        Envelope? message;
        try
        {
            message = JsonSerializer.Deserialize<Envelope>(envelope);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is not { I.Length: > 0, C.Length: > 0, P: not null })
        {
            LogMalformed(_logger);
            return;
        }

        if (message.I != InstanceId)
        {
            Deliver(new ChangeNotice(message.C, message.P));
        }
    }

    /// <summary>Notices may have been missed: every subscriber reloads everything.</summary>
    internal void ReloadEverything()
    {
        foreach (var channel in _subscribers.Keys)
        {
            Deliver(new ChangeNotice(channel, null));
        }
    }

    private void Deliver(ChangeNotice notice)
    {
        if (!_subscribers.TryGetValue(notice.Channel, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers)
        {
            try
            {
                handler(notice);
            }
            catch (Exception exception)
            {
                // One broken subscriber must not keep the others (or the publishing save) from their notice.
                LogHandlerFailed(_logger, exception, notice.Channel);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change notice could not be read; ignored.")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of change channel {Channel} failed.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string channel);

    /// <summary>The NOTIFY payload: short names, since PostgreSQL counts its bytes.</summary>
    private sealed record Envelope(string I, string C, string P);

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
