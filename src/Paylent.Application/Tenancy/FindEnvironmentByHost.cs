using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;

namespace Paylent.Application.Tenancy;

/// <summary>The environment served on <c>{account}-{environment}.{BaseDomain}</c>, if any.</summary>
public sealed record FindEnvironmentByHostLabel(string HostLabel) : IQuery<EnvironmentSummary?>;

internal sealed class FindEnvironmentByHostLabelHandler(ITenancyData db)
    : IQueryHandler<FindEnvironmentByHostLabel, EnvironmentSummary?>
{
    public async Task<EnvironmentSummary?> Handle(FindEnvironmentByHostLabel query, CancellationToken cancellationToken)
    {
        // Environment slugs have no hyphen, so the label splits unambiguously at its last one.
        var split = query.HostLabel.LastIndexOf('-');
        if (split <= 0)
        {
            return null;
        }

        var accountSlug = query.HostLabel[..split];
        var environmentSlug = query.HostLabel[(split + 1)..];
        if (!Slug.IsValidAccountSlug(accountSlug) || !Slug.IsValidEnvironmentSlug(environmentSlug))
        {
            return null;
        }

        return await (
            from environment in db.Environments.AsNoTracking()
            join account in db.Accounts on environment.AccountId equals account.Id
            where account.Slug == accountSlug && environment.Slug == environmentSlug
            select new EnvironmentSummary(environment.Id, account.Id, account.Slug, environment.Slug))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
