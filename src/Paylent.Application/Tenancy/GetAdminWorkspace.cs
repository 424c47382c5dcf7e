using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Tenancy;

/// <summary>What the dashboard shows around every page: the admin, the account, its environments.</summary>
public sealed record GetAdminWorkspace(Guid AdminId) : IQuery<AdminWorkspace>;

public sealed record AdminWorkspace(Guid AdminId, string AdminEmail, Guid AccountId, string AccountSlug, string AccountName, IReadOnlyList<EnvironmentSummary> Environments)
{
    public EnvironmentSummary? Find(string environmentSlug) =>
        Environments.FirstOrDefault(e => e.Slug == environmentSlug);
}

internal sealed class GetAdminWorkspaceHandler(ITenancyData db) : IQueryHandler<GetAdminWorkspace, AdminWorkspace>
{
    public async Task<AdminWorkspace> Handle(GetAdminWorkspace query, CancellationToken cancellationToken)
    {
        var workspace = await (
            from admin in db.Admins
            join account in db.Accounts on admin.AccountId equals account.Id
            where admin.Id == query.AdminId
            select new { admin.Id, admin.Email, AccountId = account.Id, account.Slug, account.Name })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("admin");

        var environments = await db.Environments.AsNoTracking()
            .Where(e => e.AccountId == workspace.AccountId)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Slug)
            .Select(e => new EnvironmentSummary(e.Id, e.AccountId, workspace.Slug, e.Slug))
            .ToListAsync(cancellationToken);

        return new AdminWorkspace(workspace.Id, workspace.Email, workspace.AccountId, workspace.Slug, workspace.Name, environments);
    }
}
