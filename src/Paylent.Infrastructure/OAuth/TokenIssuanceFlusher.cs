using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paylent.Application.OAuth.Tokens;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Adds this instance's <see cref="TokenIssuanceTally"/> to <c>token_issuance_counts</c> every
/// <see cref="Interval"/> and when the instance stops: one transaction of atomic upserts, so instances
/// flushing the same hour at once add up rather than overwrite. A hosted service, not a Hangfire job:
/// the counts live in each instance's memory, and a shared job would run on one instance only. A crash
/// loses at most one interval's counts of that instance; a failed flush keeps them for the next one.
/// </summary>
public sealed partial class TokenIssuanceFlusher(TokenIssuanceTally tally, IServiceScopeFactory scopes, ILogger<TokenIssuanceFlusher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    // One flush at a time (the timer's, the stop's, a test's): two takes at once would both count the same tokens.
    // Never disposed: a host can be stopped twice at once (the test host's and the entry point's stop), and a
    // stop that flushes after the other disposed the service must still get the semaphore; a SemaphoreSlim
    // whose wait handle is never read holds nothing to release.
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            await SaveAsync(tally.Take(), cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task SaveAsync(IReadOnlyList<(TokenIssuanceKey Key, long Count)> counts, CancellationToken cancellationToken)
    {
        if (counts.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (key, count) in counts)
            {
                // The same statement on SQLite (3.24+) and PostgreSQL; `excluded` is the row that conflicted.
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO token_issuance_counts (id, environment_id, hour, grant_type, count)
                    VALUES ({Guid.CreateVersion7()}, {key.EnvironmentId}, {key.Hour}, {key.GrantType}, {count})
                    ON CONFLICT (environment_id, hour, grant_type) DO UPDATE SET count = token_issuance_counts.count + excluded.count
                    """,
                    cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DbUpdateException or System.Data.Common.DbException or OperationCanceledException or InvalidOperationException)
        {
            tally.Return(counts);
            LogFlushFailed(exception, counts.Count);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync flushes what is left.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save {Count} token counts; they are kept for the next flush")]
    private partial void LogFlushFailed(Exception exception, int count);
}
