using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Paylent.Web.Hosting;

namespace Paylent.Web.Observability;

/// <summary>The <c>Paylent:Management</c> section.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Paylent:Management";

    /// <summary>Where the management listener binds, as Keycloak's management port; port 0 takes a free one.</summary>
    public string Url { get; set; } = "http://localhost:9000";
}

/// <summary>
/// The management listener: <c>/metrics</c> (Prometheus text), <c>/healthz</c> and <c>/readyz</c> (JSON
/// naming each check) on <see cref="ManagementOptions.Url"/>, and nothing else. A server of its own, not
/// a second binding of the public one, so no public route can answer here and <c>/metrics</c> can answer
/// nowhere else; and host resolution, rate limits and cookies, which belong to the public hosts, never
/// meet a probe or a scrape. It shares the app's health checks and metrics.
/// </summary>
public sealed partial class ManagementListener(
    IOptions<ManagementOptions> options, HealthCheckService health, PrometheusExposition metrics, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    /// <summary>The address it listens on once started (with the real port when 0 was configured).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(options.Value.Url);
        builder.Services.AddSingleton(loggers);

        // Started and stopped by the app it belongs to: no console messages or signal handling of its own.
        builder.Services.AddSingleton<IHostLifetime, ParentLifetime>();
        var server = builder.Build();
        server.Run(ServeAsync);
        await server.StartAsync(cancellationToken);
        _server = server;

        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address);
        LogListening(loggers.CreateLogger<ManagementListener>(), address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        }
        else if (path == "/metrics")
        {
            context.Response.ContentType = PrometheusExposition.ContentType;
            await context.Response.WriteAsync(metrics.Scrape(), context.RequestAborted);
        }
        else if (path == "/healthz" || path == "/readyz")
        {
            var report = await health.CheckHealthAsync((path == "/readyz" ? Health.Ready : Health.Live).Predicate, context.RequestAborted);
            context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.Headers.CacheControl = "no-store";
            await Health.WriteJsonAsync(context, report);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Management listener (/metrics, /healthz, /readyz) on {Address}")]
    private static partial void LogListening(ILogger logger, string address);

    private sealed class ParentLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
