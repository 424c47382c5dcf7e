using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Paylent.Application.Common.Metrics;
using Paylent.Infrastructure.Email;

namespace Paylent.Web.Observability;

/// <summary>
/// Metrics (Paylent's own meter and ASP.NET Core's) for the management listener's <c>/metrics</c>, and,
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, metrics and traces over OTLP as well (the exporter
/// reads the standard <c>OTEL_*</c> variables itself). Without an endpoint no traces are recorded at all.
/// </summary>
public static class Telemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddPaylentTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PrometheusExposition>();
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(PaylentMetrics.MeterName)
                .AddAspNetCoreInstrumentation()

                // Built when the meter provider starts, so its observable gauges exist from the first scrape.
                .AddInstrumentation(sp => sp.GetRequiredService<OutboxBacklog>())
                .AddReader(sp => sp.GetRequiredService<PrometheusExposition>().Reader));
        if (ExportsOtlp(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation()).UseOtlpExporter();
        }
    }

    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
}
