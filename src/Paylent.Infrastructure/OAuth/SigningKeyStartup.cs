using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Domain.OAuth;
using Paylent.Domain.Tenancy;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Run at start, after the bootstrap: gives every environment that lacks one a primary key of each
/// algorithm (<see cref="EnsureSigningKeys"/>), so environments made before ES256 existed get a P-256 key.
/// New environments are provisioned with both, so once done this is one query per start. On PostgreSQL
/// the instances starting at once take turns (an advisory lock held by each environment's transaction),
/// so they never give an environment two primaries of one algorithm; SQLite serves one node.
/// </summary>
public sealed partial class SigningKeyStartup(IServiceScopeFactory scopes, ILogger<SigningKeyStartup> logger)
{
    // pg_advisory_xact_lock's key for "ensuring signing keys"; any constant no other lock uses.
    internal const long EnsureLock = 0x5041_594C_534B_4559;

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        List<(Guid AccountId, Guid Id)> environments;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
            environments = [.. (await EnvironmentsWithoutPrimaries(db).Select(e => new { e.AccountId, e.Id }).ToListAsync(cancellationToken))
                .Select(e => (e.AccountId, e.Id))];
        }

        foreach (var (accountId, environmentId) in environments)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(accountId, environmentId);
            var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({EnsureLock})", cancellationToken);
            }

            // Asked again under the lock: an instance that went first has done it already.
            var generated = await scope.ServiceProvider.GetRequiredService<IDispatcher>().Send(new EnsureSigningKeys(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            foreach (var key in generated)
            {
                LogGenerated(logger, key.Algorithm, key.Kid, environmentId);
            }
        }
    }

    /// <summary>Environments missing a primary key of at least one algorithm.</summary>
    internal static IQueryable<PaylentEnvironment> EnvironmentsWithoutPrimaries(PaylentDbContext db)
    {
        var primaries = db.SigningKeys.IgnoreQueryFilters().Where(k => k.Status == SigningKeyStatus.Primary);
        var algorithms = SigningAlgorithms.All.Count;
        return db.Environments.IgnoreQueryFilters()
            .Where(e => primaries.Where(k => k.EnvironmentId == e.Id).Select(k => k.Algorithm).Distinct().Count() < algorithms);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a primary {Algorithm} signing key {Kid} for environment {EnvironmentId}.")]
    private static partial void LogGenerated(ILogger logger, string algorithm, string kid, Guid environmentId);
}
