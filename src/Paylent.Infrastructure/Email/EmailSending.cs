using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Metrics;
using Paylent.Infrastructure.Common;
using Quartz;

namespace Paylent.Infrastructure.Email;

/// <summary>Runs <see cref="OutboxSender"/> every <see cref="EmailOptions.PollInterval"/>, one run at a time per instance.</summary>
[DisallowConcurrentExecution]
internal sealed class OutboxEmailJob(OutboxSender sender, PaylentMetrics metrics) : IJob
{
    public static readonly JobKey Key = new("outbox-emails", "email");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            await sender.DrainAsync(cancellationToken);
            succeeded = true;
        }
        finally
        {
            metrics.JobRun(Key.Name, succeeded, Stopwatch.GetElapsedTime(started));
        }
    }
}

public static class EmailSending
{
    /// <summary>
    /// The background sending of queued email: the sender of the configured mode and a Quartz job
    /// on the in-memory store (instances share nothing but the outbox rows, whose leases keep them apart).
    /// </summary>
    public static IHostApplicationBuilder AddEmailSending(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EmailOptions.Section);
        var options = section.Get<EmailOptions>() ?? new EmailOptions();
        var paylent = builder.Configuration.GetSection(PaylentOptions.Section).Get<PaylentOptions>() ?? new PaylentOptions();
        if (options.Problem(paylent) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var services = builder.Services;
        services.Configure<EmailOptions>(section);
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Mode == EmailMode.Smtp
            ? ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp)
            : ActivatorUtilities.CreateInstance<PickupEmailSender>(sp));
        services.AddScoped<OutboxSender>();
        services.AddSingleton<OutboxBacklog>();
        services.AddQuartz(quartz =>
        {
            quartz.UseInMemoryStore();
            quartz.AddJob<OutboxEmailJob>(job => job.WithIdentity(OutboxEmailJob.Key));
            quartz.AddTrigger(trigger => trigger
                .ForJob(OutboxEmailJob.Key)
                .StartAt(DateTimeOffset.UtcNow + options.PollInterval)
                .WithSimpleSchedule(schedule => schedule.WithInterval(options.PollInterval).RepeatForever().MeasureIntervalFromCompletion()));
        });
        builder.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return builder;
    }
}
