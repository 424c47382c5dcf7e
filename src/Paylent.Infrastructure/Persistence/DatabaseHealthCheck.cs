using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Paylent.Infrastructure.Persistence;

/// <summary>Ready when the database accepts a connection and a trivial query (the host's <c>/readyz</c>).</summary>
public sealed class DatabaseHealthCheck(PaylentDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database is unreachable.");
}
