using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>
/// <see cref="AcmeOptions.MaxOrdersPerAccountPerHour"/>: each order sent for a domain is counted against
/// the Paylent account owning it over the last hour, so one tenant adding (or renewing) many domains
/// cannot spend the rate limits the whole install shares at the CA. The count and the insert are two
/// statements: two instances ordering for one account at the same moment may each take the last place,
/// so the limit can be passed by at most the number of orders running at once (the recurring jobs run on
/// one instance at a time).
/// </summary>
public sealed class CertificateOrderLimit(IServiceScopeFactory scopes, IOptions<AcmeOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Counts an order for <paramref name="domainId"/>, or answers false (and counts nothing) when the account has used its hour's orders.</summary>
    public async Task<bool> TryTakeAsync(Guid accountId, Guid domainId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();

        // Orders older than the window count for nothing any more; a day's history is kept for operators.
        await db.CertificateOrders.Where(o => o.CreatedAt < now.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        var since = now - Window;
        if (await db.CertificateOrders.CountAsync(o => o.AccountId == accountId && o.CreatedAt > since, cancellationToken) >= options.Value.MaxOrdersPerAccountPerHour)
        {
            return false;
        }

        db.CertificateOrders.Add(CertificateOrderRecord.Create(accountId, domainId, now));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
