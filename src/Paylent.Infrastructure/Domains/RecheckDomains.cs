using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Domains;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains;

/// <summary>
/// Re-checks the DNS records of every proven domain (verified, certificate pending or failed, active)
/// once per <see cref="DomainsOptions.RecheckInterval"/>, and disables (never deletes) one whose
/// records are gone, audited as <c>domain.disabled</c> by the system. It runs hourly and takes the
/// domains longest unchecked first, at most <see cref="BatchSize"/> a run, so a large install spreads
/// its lookups over the day. Each domain is one command in its own scope, entered into its
/// environment: one domain's failure never stops the others, and a domain changed meanwhile (a "verify
/// now", a delete) is a conflict or a not-found that the next run settles.
/// </summary>
public sealed partial class RecheckDomains(
    IServiceScopeFactory scopes, PaylentDbContext db, IOptions<DomainsOptions> options, TimeProvider clock, ILogger<RecheckDomains> logger) : IRecurringJob
{
    public const string Schedule = "41 * * * *";

    public const int BatchSize = 500;

    Task IRecurringJob.RunAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    /// <returns>How many domains were re-checked and how many of them were disabled.</returns>
    public async Task<(int Checked, int Disabled)> RunAsync(CancellationToken cancellationToken)
    {
        var due = clock.GetUtcNow().UtcDateTime - options.Value.RecheckInterval;
        var proven = CustomDomain.Proven.ToList();

        // Housekeeping across every environment: the query filter is ignored on purpose.
        var domains = await (
            from domain in db.CustomDomains.IgnoreQueryFilters().AsNoTracking()
            join environment in db.Environments.AsNoTracking() on domain.EnvironmentId equals environment.Id
            where proven.Contains(domain.State) && (domain.LastCheckedAt == null || domain.LastCheckedAt <= due)
            orderby domain.LastCheckedAt
            select new { domain.Id, domain.EnvironmentId, environment.AccountId })
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var disabled = 0;
        foreach (var domain in domains)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(domain.AccountId, domain.EnvironmentId);
            try
            {
                if (!await scope.ServiceProvider.GetRequiredService<IDispatcher>().Send(new RecheckDomain(domain.Id), cancellationToken))
                {
                    disabled++;
                }
            }
            catch (Exception error) when (error is ConflictException or NotFoundException)
            {
                LogSkipped(domain.Id, error.Message);
            }
        }

        LogRechecked(domains.Count, disabled);
        return (domains.Count, disabled);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-checked the DNS records of {Count} custom domains; {Disabled} disabled")]
    private partial void LogRechecked(int count, int disabled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Custom domain {DomainId} changed while it was re-checked ({Reason}); the next run looks again")]
    private partial void LogSkipped(Guid domainId, string reason);
}
