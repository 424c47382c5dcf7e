using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>Ready when every environment has a primary signing key, so no token request finds nothing to sign with: one query.</summary>
public sealed class SigningKeysHealthCheck(PaylentDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var keys = db.SigningKeys.IgnoreQueryFilters();
        var withoutPrimary = await db.Environments.IgnoreQueryFilters()
            .CountAsync(e => !keys.Any(k => k.EnvironmentId == e.Id && k.Status == SigningKeyStatus.Primary), cancellationToken);
        return withoutPrimary == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{withoutPrimary} environment(s) have no primary signing key.");
    }
}
