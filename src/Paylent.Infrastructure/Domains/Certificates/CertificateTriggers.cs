using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>
/// Queues the certificate work a committed save calls for: <see cref="OrderDomainCertificate"/> once a
/// domain became <c>verified</c> (<c>domain.verified</c>) or "renew now" set its renewal to now
/// (<c>domain.renewal_requested</c>), and <see cref="RemoveDomainCertificate"/> once a domain was deleted.
/// After the commit, so the job (on any instance) reads the new state; the recurring jobs catch any order
/// this misses.
/// </summary>
public sealed class CertificateTriggers(IBackgroundJobClient jobs, IOptions<AcmeOptions> options) : ISaveObserver
{
    public IReadOnlyList<Action> Collect(SavedChanges changes)
    {
        var domains = changes.Of<CustomDomain>().ToList();

        // Whether or not ordering is on now: a certificate may have been stored while it was.
        var removals = domains.Where(e => e.State == EntityState.Deleted).Select(e => e.Entity.Hostname).Distinct(StringComparer.Ordinal)
            .Select(hostname => (Action)(() => jobs.Enqueue<RemoveDomainCertificate>(job => job.RunAsync(hostname, CancellationToken.None))));
        var orders = options.Value.Enabled == true
            ? domains.Where(Due).Select(e => e.Entity.Id).Distinct()
                .Select(id => (Action)(() => jobs.Enqueue<OrderDomainCertificate>(job => job.RunAsync(id, CancellationToken.None))))
            : [];
        return [.. orders, .. removals];
    }

    // The domain's own change events, read before the audit capture clears them: exactly "it became
    // verified" and "renew now", never a recorded certificate (whose renewal time may already have passed
    // on a short-lived certificate, and must not re-order at once in a loop).
    private static bool Due(EntityEntry<CustomDomain> entry) =>
        entry.State == EntityState.Modified
        && entry.Entity.DomainEvents.OfType<CustomDomainEvent>().Any(e => e.Action is "domain.verified" or "domain.renewal_requested");
}
