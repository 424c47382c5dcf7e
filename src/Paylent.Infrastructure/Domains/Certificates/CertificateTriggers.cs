using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>
/// Queues <see cref="OrderDomainCertificate"/> once a save that makes a domain due for an order has
/// committed: it became <c>verified</c>, or "renew now" set its renewal to now. After the commit, so the
/// job (on any instance) reads the new state; the recurring jobs catch anything this misses.
/// </summary>
public sealed class CertificateTriggers(IBackgroundJobClient jobs, IOptions<AcmeOptions> options) : ISaveObserver
{
    public IReadOnlyList<Action> Collect(ChangeTracker changes)
    {
        if (options.Value.Enabled != true)
        {
            return [];
        }

        return [.. changes.Entries<CustomDomain>().Where(Due).Select(e => e.Entity.Id).Distinct()
            .Select(id => (Action)(() => jobs.Enqueue<OrderDomainCertificate>(job => job.RunAsync(id, CancellationToken.None))))];
    }

    private static bool Due(EntityEntry<CustomDomain> entry)
    {
        var domain = entry.Entity;
        return entry.State == EntityState.Modified && (
            (entry.Property(d => d.State).IsModified && domain.State == DomainState.Verified)
            || (entry.Property(d => d.RenewAfter).IsModified && domain.RenewAfter <= domain.UpdatedAt
                && domain.State is DomainState.Active or DomainState.CertificateFailed));
    }
}
