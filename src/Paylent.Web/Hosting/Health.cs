using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Web.Hosting;

/// <summary>
/// <c>/healthz</c>: the process answers (no dependency is asked). <c>/readyz</c>: every check tagged
/// <see cref="ReadyTag"/> passes (database, migrations, signing keys, data protection, job storage).
/// Both on every host, where they answer only the overall status word, and on the management listener, where <c>/readyz</c> names each check in JSON (<see cref="WriteJsonAsync"/>).
/// </summary>
public static class Health
{
    public const string ReadyTag = "ready";

    public static readonly HealthCheckOptions Live = new() { Predicate = _ => false };

    public static readonly HealthCheckOptions Ready = new() { Predicate = check => check.Tags.Contains(ReadyTag) };

    public static IServiceCollection AddPaylentHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<MigrationsHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag])
            .AddCheck<SigningKeysHealthCheck>("signing_keys", tags: [ReadyTag])
            .AddCheck<DataProtectionHealthCheck>("data_protection", tags: [ReadyTag])
            .AddCheck<JobStorageHealthCheck>("jobs", tags: [ReadyTag]);
        return services;
    }

    public static void MapPaylentHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", Live);
        endpoints.MapHealthChecks("/readyz", Ready);
    }

    /// <summary>
    /// <c>{"status":"Unhealthy","checks":{"database":{"status":"Unhealthy","description":"..."},...}}</c>.
    /// A description is written only when a check gave one itself: an exception's message may carry a
    /// server's address or a connection detail, so it stays in the log.
    /// </summary>
    public static async Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Exception is null && entry.Description is { } description)
            {
                json.WriteString("description", description);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

/// <summary>Ready when the data-protection key ring (cookies, antiforgery) loads and protects: a round trip through the current key.</summary>
public sealed class DataProtectionHealthCheck(IDataProtectionProvider provider) : IHealthCheck
{
    private static readonly byte[] Probe = [1, 2, 3];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var protector = provider.CreateProtector("Paylent.Health");
        return Task.FromResult(protector.Unprotect(protector.Protect(Probe)).AsSpan().SequenceEqual(Probe)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The data-protection key ring does not round-trip."));
    }
}
