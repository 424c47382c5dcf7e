using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paylent.Application.Common.Metrics;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Email;

/// <summary>
/// The outbox's backlog as two observable gauges: messages neither sent nor given up on, and how long
/// the oldest of them has waited. A scrape or an export reads a snapshot at most <see cref="SnapshotFor"/>
/// old, so frequent scrapes cost one pair of indexed queries every few seconds, not one per scrape.
/// </summary>
public sealed partial class OutboxBacklog
{
    private static readonly TimeSpan SnapshotFor = TimeSpan.FromSeconds(10);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxBacklog> _logger;
    private readonly Lock _lock = new();
    private Snapshot? _snapshot;

    public OutboxBacklog(IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider clock, ILogger<OutboxBacklog> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        var meter = meters.Create(PaylentMetrics.MeterName);
        meter.CreateObservableGauge<long>("paylent_outbox_backlog", () => Current() is { } s ? [new Measurement<long>(s.Count)] : [], "{email}",
            "Queued emails neither sent nor given up on.");
        meter.CreateObservableGauge<double>("paylent_outbox_oldest_age_seconds", () => Current() is { } s ? [new Measurement<double>(s.OldestAge.TotalSeconds)] : [], "s",
            "How long the oldest queued email has waited (0 when none waits).");
    }

    private Snapshot? Current()
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_snapshot is null || now - _snapshot.At >= SnapshotFor)
            {
                _snapshot = Read(now);
            }

            return _snapshot;
        }
    }

    private Snapshot? Read(DateTimeOffset now)
    {
        try
        {
            // Observable instruments report synchronously, on the scrape's or the exporter's thread.
            using var scope = _scopes.CreateScope();
            var waiting = scope.ServiceProvider.GetRequiredService<PaylentDbContext>().OutboxEmails.AsNoTracking()
                .Where(m => m.SentAt == null && m.FailedAt == null);
            var count = waiting.Count();
            var oldest = waiting.OrderBy(m => m.CreatedAt).Select(m => (DateTime?)m.CreatedAt).FirstOrDefault();
            return new Snapshot(count, oldest is { } created ? now.UtcDateTime - created : TimeSpan.Zero, now);
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The backlog is unknown while the database is (readyz names it); the other metrics still answer.
            LogUnreadable(exception.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox backlog could not be read: {ErrorType}")]
    private partial void LogUnreadable(string errorType);

    private sealed record Snapshot(long Count, TimeSpan OldestAge, DateTimeOffset At);
}
