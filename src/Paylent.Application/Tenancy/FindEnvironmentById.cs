using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Tenancy;

/// <summary>The environment with this id, if any: what a custom domain (which names its environment by id) serves.</summary>
public sealed record FindEnvironmentById(Guid EnvironmentId) : IQuery<EnvironmentSummary?>;

internal sealed class FindEnvironmentByIdHandler(ITenancyData db) : IQueryHandler<FindEnvironmentById, EnvironmentSummary?>
{
    public Task<EnvironmentSummary?> Handle(FindEnvironmentById query, CancellationToken cancellationToken) => (
        from environment in db.Environments.AsNoTracking()
        join account in db.Accounts.AsNoTracking() on environment.AccountId equals account.Id
        where environment.Id == query.EnvironmentId
        select new EnvironmentSummary(environment.Id, account.Id, account.Slug, environment.Slug))
        .SingleOrDefaultAsync(cancellationToken);
}
