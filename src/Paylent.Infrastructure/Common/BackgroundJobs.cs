using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Metrics;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Common;

/// <summary>
/// Hangfire runs every background job: on PostgreSQL its storage lives in the application's database
/// (schema <see cref="PostgresSchema"/>), so every instance shares one queue and a job runs once; on
/// SQLite (one instance) it is in memory. Each host gets its own storage and job activator as services,
/// never through Hangfire's process-wide <c>JobStorage.Current</c>, so two hosts in one process (tests)
/// never run each other's jobs.
/// </summary>
public static class BackgroundJobs
{
    public const string PostgresSchema = "hangfire";

    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<JobStorage>(sp => CreateStorage(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, configuration));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton(sp => HangfireLogging.Instance.Attach(sp.GetRequiredService<ILoggerFactory>()));
        services.AddHangfire((sp, hangfire) =>
        {
            // Attached for as long as this host's services live (the container disposes the attachment).
            sp.GetRequiredService<HangfireLogging.Attachment>();
            hangfire.UseLogProvider(HangfireLogging.Instance)
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
        });
        services.AddHangfireServer((_, _) => { });
        services.AddScoped<IBackgroundCommands, BackgroundCommands>();
        return services;
    }

    /// <summary>
    /// Runs <typeparamref name="TJob"/> on <paramref name="cron"/> (Hangfire's <see cref="Cron"/> helpers, UTC),
    /// one run at a time across every instance. The schedule is (re)written at each start, so changing
    /// it in code is enough.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cron)
        where TJob : class, IRecurringJob
    {
        services.TryAddScoped<TJob>();
        services.AddSingleton(new RecurringJobSchedule(id, jobs => jobs.AddOrUpdate<RecurringJobRunner<TJob>>(id, runner => runner.RunAsync(CancellationToken.None), cron)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RecurringJobScheduler>());
        return services;
    }

    /// <summary>
    /// Completes once no job is waiting or running (for tests that read what a job wrote, and tools).
    /// A job moves from Enqueued to Processing in one state change, so it is never between the two.
    /// </summary>
    public static async Task WhenIdleAsync(this JobStorage storage, CancellationToken cancellationToken = default)
    {
        var monitoring = storage.GetMonitoringApi();
        while (monitoring.GetStatistics() is { } statistics && statistics.Enqueued + statistics.Processing > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    private static JobStorage CreateStorage(DatabaseOptions database, IConfiguration configuration)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return new InMemoryStorage();
        }

        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
            ?? throw new InvalidOperationException($"Database:Provider is Postgres, so ConnectionStrings:{DatabaseOptions.ConnectionStringName} must be set.");
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = PostgresSchema,

            // Creates or upgrades Hangfire's own tables when the storage is first used (at start),
            // under a lock, so instances starting together do it once.
            PrepareSchemaIfNecessary = true,

            // Workers wait on LISTEN/NOTIFY instead of polling the queue every 15 s: an enqueued
            // job starts within milliseconds on whichever instance fetches it first.
            EnableLongPolling = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}

/// <summary>Work that runs on a schedule (<see cref="BackgroundJobs.AddRecurringJob{TJob}"/>), in its own scope.</summary>
public interface IRecurringJob
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// What Hangfire calls for a recurring job. A run that finds another still going (on any instance)
/// waits up to a minute for it, then fails; the next occurrence is its retry.
/// </summary>
public sealed class RecurringJobRunner<TJob>(TJob job, PaylentMetrics metrics)
    where TJob : IRecurringJob
{
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken cancellationToken) =>
        metrics.MeasureJobAsync(typeof(TJob).Name, () => job.RunAsync(cancellationToken));
}

internal sealed record RecurringJobSchedule(string Id, Action<IRecurringJobManager> AddOrUpdate);

/// <summary>Writes every registered schedule at start (the storage keeps them; each instance writes the same).</summary>
internal sealed class RecurringJobScheduler(IRecurringJobManager jobs, IEnumerable<RecurringJobSchedule> schedules) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var schedule in schedules)
        {
            schedule.AddOrUpdate(jobs);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
