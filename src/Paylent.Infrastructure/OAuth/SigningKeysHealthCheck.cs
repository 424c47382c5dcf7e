using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Ready when every environment has a primary signing key of every algorithm, so no token request
/// finds nothing to sign with, whichever algorithm its client chose: one query.
/// </summary>
public sealed class SigningKeysHealthCheck(PaylentDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var withoutPrimary = await SigningKeyStartup.EnvironmentsWithoutPrimaries(db).CountAsync(cancellationToken);
        return withoutPrimary == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{withoutPrimary} environment(s) have no primary signing key of some algorithm.");
    }
}
