using Microsoft.EntityFrameworkCore;
using Paylent.Application.Domains.Contracts;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

internal sealed class ActiveDomains(IDomainsData db) : IActiveDomains
{
    public async Task<IReadOnlyList<ActiveDomain>> ListAsync(CancellationToken cancellationToken) =>
        await Active().Select(d => new ActiveDomain(d.Hostname, d.EnvironmentId)).ToListAsync(cancellationToken);

    public Task<ActiveDomain?> FindAsync(string hostname, CancellationToken cancellationToken) =>
        Active().Where(d => d.Hostname == hostname).Select(d => new ActiveDomain(d.Hostname, d.EnvironmentId)).SingleOrDefaultAsync(cancellationToken);

    // Host routing asks before any environment is entered, across all of them: the query filter is ignored on purpose.
    private IQueryable<CustomDomain> Active() =>
        db.CustomDomains.IgnoreQueryFilters().AsNoTracking().Where(d => d.State == DomainState.Active);
}
