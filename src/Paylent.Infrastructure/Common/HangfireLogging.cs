using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Hangfire logs through one process-wide provider. This one writes to the logging of the newest host
/// still running, so a host stopped in the same process (tests start many) never leaves Hangfire
/// writing to a disposed logger factory, which throws (Hangfire's own ASP.NET Core provider keeps the
/// factory of whichever host configured it last).
/// </summary>
internal sealed class HangfireLogging : ILogProvider
{
    public static readonly HangfireLogging Instance = new();

    private readonly Lock _lock = new();
    private readonly List<ILoggerFactory> _hosts = [];

    public ILog GetLogger(string name) => new HostLog(this, name);

    /// <summary>Routes Hangfire's logs to <paramref name="factory"/> until the returned handle is disposed (with the host's services).</summary>
    public Attachment Attach(ILoggerFactory factory)
    {
        lock (_lock)
        {
            _hosts.Add(factory);
        }

        return new Attachment(this, factory);
    }

    private ILoggerFactory? Current()
    {
        lock (_lock)
        {
            return _hosts.Count > 0 ? _hosts[^1] : null;
        }
    }

    internal sealed class Attachment(HangfireLogging logging, ILoggerFactory factory) : IDisposable
    {
        public void Dispose()
        {
            lock (logging._lock)
            {
                logging._hosts.Remove(factory);
            }
        }
    }

    private sealed class HostLog(HangfireLogging logging, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                if (logging.Current()?.CreateLogger(name) is not { } logger)
                {
                    return false;
                }

                var level = logLevel switch
                {
                    HangfireLevel.Trace => LogLevel.Trace,
                    HangfireLevel.Debug => LogLevel.Debug,
                    HangfireLevel.Info => LogLevel.Information,
                    HangfireLevel.Warn => LogLevel.Warning,
                    HangfireLevel.Error => LogLevel.Error,
                    _ => LogLevel.Critical,
                };
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

                if (logger.IsEnabled(level))
                {
#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
                    logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                // The host stopped between finding its logging and writing to it.
                return false;
            }
        }
    }
}
