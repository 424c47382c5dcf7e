using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Web.Hosting;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: and its database and job storage do. Both on every host.</summary>
public static class Health
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddPaylentHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<JobStorageHealthCheck>("jobs", tags: [ReadyTag]);
        return services;
    }

    public static void MapPaylentHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
    }
}
