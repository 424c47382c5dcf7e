using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// Ready once the database's schema has every migration this build knows, as when another instance or
/// a separate <c>migrate</c> step is still bringing it up to date. Once true it stays true for the
/// process (migrations are never taken back), so later probes cost nothing.
/// </summary>
public sealed class MigrationsHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    private volatile bool _applied;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_applied)
        {
            await using var scope = scopes.CreateAsyncScope();
            var pending = await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().Database.GetPendingMigrationsAsync(cancellationToken);
            _applied = !pending.Any();
        }

        return _applied ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database schema has pending migrations.");
    }
}
