using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Identity.Recovery;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

public sealed class BackgroundJobsTests
{
    private const string BaseUrl = "http://demo-test.localhost";
    private static readonly Dictionary<string, string?> FastDrains = new() { ["Paylent:Email:PollInterval"] = "00:00:00.2" };

    [Fact]
    public async Task On_sqlite_the_app_runs_its_jobs_in_memory()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, FastDrains);
        await app.CreateUserAsync("ada@example.com");

        await app.SendAsync("test", new RequestPasswordReset("ada@example.com", BaseUrl));

        Assert.IsType<InMemoryStorage>(app.Services.GetRequiredService<JobStorage>());
        var email = await app.Mailbox.WaitForAsync("ada@example.com", timeout: TimeSpan.FromSeconds(20));
        Assert.Contains("/reset-password?token=", email.FirstLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_postgres_two_instances_share_one_job_queue_and_send_each_email_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = PaylentApp.Start(database, FastDrains);
        await using var second = PaylentApp.Start(database, FastDrains);
        const int Count = 12;
        var addresses = Enumerable.Range(0, Count).Select(i => $"user{i}@example.com").ToArray();
        foreach (var address in addresses)
        {
            await first.CreateUserAsync(address);
        }

        // Half the requests on each instance; either instance may run either's job and send either's email.
        for (var i = 0; i < Count; i++)
        {
            await (i % 2 == 0 ? first : second).SendAsync("test", new RequestPasswordReset(addresses[i], BaseUrl));
        }

        var storage = first.Services.GetRequiredService<JobStorage>();
        Assert.IsType<PostgreSqlStorage>(storage);
        await storage.WhenIdleAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await UnsentAsync(first) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // Both keep draining a while longer: a second send would show as a second file.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var delivered = first.Mailbox.All().Concat(second.Mailbox.All()).ToList();
        Assert.Equal(0, await UnsentAsync(first));
        // The email jobs only: a recurring job (the hourly certificate renewal at :23, say) may run meanwhile.
        Assert.Equal(Count, storage.GetMonitoringApi().SucceededJobs(0, 1000).Count(j => j.Value.Job?.Args.FirstOrDefault() is EmailPasswordResetLink));
        Assert.Equal(addresses.Order(), delivered.Select(m => m.To).Order());
    }

    [Fact]
    public async Task A_recurring_job_registered_in_one_line_is_scheduled_and_runs_in_its_own_scope()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var withJob = app.WithWebHostBuilder(host => host.ConfigureTestServices(services => services
            .AddSingleton(ran)
            .AddRecurringJob<SignallingJob>("test-signal", Cron.Daily())));
        var storage = withJob.Services.GetRequiredService<JobStorage>();
        _ = withJob.Server;

        using (var connection = storage.GetConnection())
        {
            Assert.Contains(connection.GetRecurringJobs(), job => job.Id == "test-signal" && job.Cron == Cron.Daily());
        }

        withJob.Services.GetRequiredService<IRecurringJobManager>().Trigger("test-signal");

        Assert.True(await ran.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    private sealed class SignallingJob(TaskCompletionSource<bool> ran, PaylentDbContext db) : IRecurringJob
    {
        public async Task RunAsync(CancellationToken cancellationToken) => ran.TrySetResult(await db.Database.CanConnectAsync(cancellationToken));
    }

    private static Task<int> UnsentAsync(PaylentApp app) =>
        app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().OutboxEmails.CountAsync(e => e.SentAt == null));
}
