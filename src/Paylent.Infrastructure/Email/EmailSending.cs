using Hangfire.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Metrics;
using Paylent.Infrastructure.Common;

namespace Paylent.Infrastructure.Email;

/// <summary>
/// A process of this instance's Hangfire server that runs <see cref="OutboxSender"/> every
/// <see cref="EmailOptions.PollInterval"/>, one drain at a time. Not a recurring job: those fire at
/// most once a minute and leave a job record per run, and the outbox needs seconds. Instances drain
/// side by side; the rows' leases, not a lock, keep them from sending one message twice, so a killed
/// instance holds up nothing but the messages it had leased (until their lease expires).
/// </summary>
internal sealed class OutboxDrainProcess(IServiceScopeFactory scopes, IOptions<EmailOptions> options, PaylentMetrics metrics) : IBackgroundProcess
{
    private const string Name = "outbox-emails";

    // Hangfire calls Execute again and again on a thread of its own (so waiting on the drain blocks
    // nothing else), and retries with backoff, logging, when it throws.
    public void Execute(BackgroundProcessContext context)
    {
        // Wait first, as each interval ends: the first drain comes one interval after start, and a
        // drain never follows the previous one sooner than the interval.
        context.Wait(options.Value.PollInterval);
        if (context.IsStopping)
        {
            return;
        }

        // The shutdown token, not the stopping one: a graceful stop lets the message being sent finish
        // and be marked sent, rather than leave it to be sent again after its lease.
        metrics.MeasureJobAsync(Name, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OutboxSender>().DrainAsync(context.ShutdownToken);
        }).GetAwaiter().GetResult();
    }

    public override string ToString() => "Email outbox";
}

public static class EmailSending
{
    /// <summary>
    /// The background sending of queued email: the sender of the configured mode and a drain loop in
    /// the instance's Hangfire server (instances share nothing but the outbox rows, whose leases keep them apart).
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
        services.AddSingleton<IBackgroundProcess, OutboxDrainProcess>();
        return builder;
    }
}
