using Microsoft.EntityFrameworkCore;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy;

internal sealed class EnvironmentHosts(ITenancyData db) : IEnvironmentHosts
{
    public async Task<string?> HostLabelAsync(Guid environmentId, CancellationToken cancellationToken)
    {
        var slugs = await (
            from environment in db.Environments.AsNoTracking()
            join account in db.Accounts.AsNoTracking() on environment.AccountId equals account.Id
            where environment.Id == environmentId
            select new { Account = account.Slug, Environment = environment.Slug })
            .SingleOrDefaultAsync(cancellationToken);
        return slugs is null ? null : PaylentEnvironment.HostLabel(slugs.Account, slugs.Environment);
    }
}
