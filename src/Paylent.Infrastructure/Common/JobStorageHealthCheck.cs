using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Paylent.Infrastructure.Common;

/// <summary>Ready when the background jobs' storage answers (on PostgreSQL, Hangfire's schema is reachable).</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Hangfire's storage API is synchronous.
            await Task.Run(() => storage.GetMonitoringApi().Servers(), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Job storage unreachable: {e.GetType().Name}");
        }
    }
}
