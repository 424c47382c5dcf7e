using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Application.Common;
using Paylent.Application.Domains;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>
/// Orders the first certificate of every domain that needs one: verified domains, and pending or failed
/// ones whose retry time has come (docs/domains.md, "Issuance and renewal"). Runs every five minutes as a
/// safety net; a domain that becomes verified is queued at once (<see cref="CertificateTriggers"/>).
/// </summary>
public sealed class IssueCertificates(PaylentDbContext db, CertificateOrdering ordering, IOptions<AcmeOptions> options, TimeProvider clock, ILogger<IssueCertificates> logger)
    : IRecurringJob
{
    public const string Schedule = "*/5 * * * *";

    Task IRecurringJob.RunAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    public Task<IReadOnlyDictionary<CertificateOrderOutcome, int>> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var issuing = CertificateOrders.Issuing.ToList();
        var due = db.CustomDomains.IgnoreQueryFilters().AsNoTracking()
            .Where(d => issuing.Contains(d.State) && (d.State == DomainState.Verified || d.RenewAfter == null || d.RenewAfter <= now));
        return CertificateBatches.RunAsync(due, ordering, options, logger, "first certificates", cancellationToken);
    }
}

/// <summary>
/// Renews the certificate of every active domain whose <c>renew_after</c> has come: two thirds of its
/// lifetime or a time within the CA's suggested window (asked first, <see cref="CertificateRenewalInfo"/>),
/// a failed renewal's retry time, or now after "renew now". Hourly. The working certificate serves until
/// the new one is stored.
/// </summary>
public sealed partial class RenewCertificates(
    PaylentDbContext db, CertificateRenewalInfo renewalInfo, CertificateOrdering ordering, IOptions<AcmeOptions> options, TimeProvider clock, ILogger<RenewCertificates> logger)
    : IRecurringJob
{
    public const string Schedule = "23 * * * *";

    Task IRecurringJob.RunAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<CertificateOrderOutcome, int>> RunAsync(CancellationToken cancellationToken)
    {
        // The CA's window first: one that has come (a revocation ahead, say) is renewed in this same run.
        // Whatever goes wrong in asking never costs the renewals already due.
        if (options.Value.Enabled == true)
        {
            try
            {
                await renewalInfo.CheckAsync(cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRenewalInfoFailed(logger, error);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var due = db.CustomDomains.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.State == DomainState.Active && d.RenewAfter != null && d.RenewAfter <= now);
        return await CertificateBatches.RunAsync(due, ordering, options, logger, "renewals", cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The CA's renewal information could not be checked this run; the renewals due go ahead")]
    private static partial void LogRenewalInfoFailed(ILogger logger, Exception error);
}

/// <summary>
/// The one domain a save just made due ("verified", "renew now"), ordered at once rather than at the next
/// run. When another instance holds the domain's lease (an order finishing, the recurring job), it looks
/// again shortly: that order may be the one just finishing, which a "renew now" must not be lost behind.
/// Once the domain is no longer due, the next look does nothing.
/// </summary>
public sealed class OrderDomainCertificate(CertificateOrdering ordering, IBackgroundJobClient jobs, IOptions<AcmeOptions> options)
{
    public static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(15);

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid domainId, CancellationToken cancellationToken)
    {
        if (options.Value.Enabled == true && await ordering.OrderAsync(domainId, cancellationToken) == CertificateOrderOutcome.Busy)
        {
            jobs.Schedule<OrderDomainCertificate>(job => job.RunAsync(domainId, CancellationToken.None), BusyRetry);
        }
    }
}

/// <summary>
/// Stops serving a deleted domain's certificate on every instance (<see cref="ITlsCertificateStore.RemoveAsync"/>),
/// unless an active domain holds the host name again by now: added anew, it stored a certificate of its own
/// in the same row. A disabled domain keeps its certificate: it is no longer routed, and verifying it
/// again brings it back without a new order.
/// </summary>
public sealed class RemoveDomainCertificate(PaylentDbContext db, ITlsCertificateStore certificates)
{
    public async Task RunAsync(string hostname, CancellationToken cancellationToken)
    {
        if (!await db.CustomDomains.IgnoreQueryFilters().AnyAsync(d => d.Hostname == hostname && d.State == DomainState.Active, cancellationToken))
        {
            await certificates.RemoveAsync(hostname, cancellationToken);
        }
    }
}

internal static partial class CertificateBatches
{
    /// <summary>At most this many domains a run, oldest due first; the rest wait for the next run.</summary>
    public const int BatchSize = 100;

    public static async Task<IReadOnlyDictionary<CertificateOrderOutcome, int>> RunAsync(
        IQueryable<CustomDomain> due, CertificateOrdering ordering, IOptions<AcmeOptions> options, ILogger logger, string what, CancellationToken cancellationToken)
    {
        var outcomes = Enum.GetValues<CertificateOrderOutcome>().ToDictionary(o => o, _ => 0);
        if (options.Value.Enabled != true)
        {
            return outcomes;
        }

        var ids = await due.OrderBy(d => d.RenewAfter).ThenBy(d => d.UpdatedAt).Select(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            try
            {
                outcomes[await ordering.OrderAsync(id, cancellationToken)]++;
            }
            catch (Exception error) when (error is ConflictException or NotFoundException)
            {
                // Changed or deleted meanwhile (a delete, a "verify now"): the next run looks again.
                LogSkipped(logger, id, error.Message);
            }
        }

        LogRun(logger, what, ids.Count, outcomes[CertificateOrderOutcome.Issued], outcomes[CertificateOrderOutcome.Failed]);
        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate {What}: {Count} domains due, {Issued} issued, {Failed} failed")]
    private static partial void LogRun(ILogger logger, string what, int count, int issued, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Custom domain {DomainId} changed while its certificate was ordered ({Reason}); the next run looks again")]
    private static partial void LogSkipped(ILogger logger, Guid domainId, string reason);
}
