using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Paylent.IntegrationTests.Support;

/// <summary>Every log line of every category and level, as "{level} {category} {message} {state} {exception}".</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"Scope {category} {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} {Describe(state)} {exception}");

        private static string Describe(object? state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : state?.ToString() ?? string.Empty;
    }
}
