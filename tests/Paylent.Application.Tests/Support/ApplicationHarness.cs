using Hangfire;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Paylent.Application;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Infrastructure;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Application.Tests.Support;

/// <summary>
/// The real application pipeline (validation, unit of work, audit capture) and the real persistence
/// on a private in-memory SQLite database, one DI scope per request as in the web host.
/// </summary>
public sealed class ApplicationHarness : IAsyncDisposable
{
    public const string ManagementSecret = "management-secret-for-tests-0123456789";

    private readonly SqliteConnection _keepAlive;
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private ApplicationHarness(SqliteConnection keepAlive, ServiceProvider services, IHostedService[] hosted)
    {
        _keepAlive = keepAlive;
        _services = services;
        _hosted = hosted;
    }

    /// <param name="database">Name a database to share it between harnesses (two app versions, one database).</param>
    /// <param name="clock">Replaces the system clock, for expiry and lockout windows.</param>
    public static async Task<ApplicationHarness> StartAsync(IDictionary<string, string?>? settings = null, string? database = null, TimeProvider? clock = null)
    {
        var connectionString = $"Data Source=harness-{database ?? Guid.NewGuid().ToString("N")};Mode=Memory;Cache=Shared";
        var keepAlive = new SqliteConnection(connectionString);
        await keepAlive.OpenAsync();

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Paylent"] = connectionString,
                ["Paylent:PasswordHashing:MemoryKiB"] = "1024",
                ["Paylent:PasswordHashing:Iterations"] = "1",
                ["Paylent:SigningKeys:KeySize"] = "2048",
                ["Paylent:Keys:EncryptionKey"] = Convert.ToBase64String(new byte[32]),
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var collection = new ServiceCollection()
            .AddLogging()
            .AddApplication()
            .AddInfrastructure(configuration);
        if (clock is not null)
        {
            collection.AddSingleton(clock);
        }

        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        // The infrastructure's hosted services: the background-job server runs what requests hand over to run after their answer.
        var hosted = services.GetServices<IHostedService>().ToArray();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new ApplicationHarness(keepAlive, services, hosted);
    }

    /// <summary>
    /// Sends a request in a fresh scope, optionally inside an environment and as an actor, and waits
    /// for the commands it handed over to run after it (background jobs).
    /// </summary>
    public async Task<T> Send<T>(IRequest<T> request, (Guid AccountId, Guid EnvironmentId)? environment = null, AuditActor? actor = null)
    {
        T result;
        await using (var scope = _services.CreateAsyncScope())
        {
            if (environment is { } entered)
            {
                scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(entered.AccountId, entered.EnvironmentId);
            }

            if (actor is not null)
            {
                scope.ServiceProvider.GetRequiredService<AuditContext>().IdentifyActor(actor);
            }

            result = await scope.ServiceProvider.GetRequiredService<IDispatcher>().Send(request);
        }

        await _services.GetRequiredService<JobStorage>().WhenIdleAsync();
        return result;
    }

    /// <summary>Reads the database directly, past every query filter, as a test's ground truth.</summary>
    public async Task<T> Read<T>(Func<PaylentDbContext, Task<T>> read)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        return await read(db);
    }

    /// <summary>Runs <paramref name="work"/> with the services of a fresh scope inside an environment (a module's contract, as another module calls it).</summary>
    public async Task<T> InScope<T>((Guid AccountId, Guid EnvironmentId) environment, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(environment.AccountId, environment.EnvironmentId);
        return await work(scope.ServiceProvider);
    }

    /// <summary>A singleton of the application (the key-encryption key, to open outbox messages).</summary>
    public T Service<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public Task<List<AuditEvent>> AllAuditEvents() =>
        Read(db => db.AuditEvents.IgnoreQueryFilters().AsNoTracking().OrderBy(e => e.OccurredAt).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_hosted))
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        await _keepAlive.DisposeAsync();
    }
}
