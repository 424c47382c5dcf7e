using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>
/// One order at a time per domain, across every instance: a lease row per domain
/// (<c>certificate_attempts</c>) taken by a conditional UPDATE (free or expired only), or by the INSERT of
/// the row, which the primary key lets only one instance win. Both are single statements, so they are
/// atomic on PostgreSQL (a concurrent UPDATE waits for the first to commit, then re-checks its condition
/// and matches nothing) and on SQLite (one writer at a time). A lease expires, so a crashed instance's
/// claim does not hold a domain for ever. The row also counts the domain's failures in a row.
/// </summary>
public sealed class CertificateLeases(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<bool> TryAcquireAsync(Guid domainId, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        var taken = await db.CertificateAttempts
            .Where(a => a.DomainId == domainId && (a.LeaseExpiresAt == null || a.LeaseExpiresAt <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.LeaseHolder, holder).SetProperty(a => a.LeaseExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.CertificateAttempts.AnyAsync(a => a.DomainId == domainId, cancellationToken))
        {
            return false;
        }

        db.CertificateAttempts.Add(CertificateAttempt.Leased(domainId, holder, until));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException error) when (UnitOfWork.IsUniqueViolation(error))
        {
            return false;
        }
    }

    public async Task ReleaseAsync(Guid domainId, string holder, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().CertificateAttempts
            .Where(a => a.DomainId == domainId && a.LeaseHolder == holder)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.LeaseHolder, (string?)null).SetProperty(a => a.LeaseExpiresAt, (DateTime?)null), cancellationToken);
    }

    /// <returns>How many orders for the domain have now failed in a row (1 after the first).</returns>
    public async Task<int> CountFailureAsync(Guid domainId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var attempts = scope.ServiceProvider.GetRequiredService<PaylentDbContext>().CertificateAttempts;
        await attempts.Where(a => a.DomainId == domainId).ExecuteUpdateAsync(set => set.SetProperty(a => a.Failures, a => a.Failures + 1), cancellationToken);
        return await attempts.Where(a => a.DomainId == domainId).Select(a => a.Failures).SingleAsync(cancellationToken);
    }

    public async Task ResetFailuresAsync(Guid domainId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().CertificateAttempts
            .Where(a => a.DomainId == domainId).ExecuteUpdateAsync(set => set.SetProperty(a => a.Failures, 0), cancellationToken);
    }
}
