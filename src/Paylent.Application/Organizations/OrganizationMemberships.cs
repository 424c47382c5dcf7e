using Microsoft.EntityFrameworkCore;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations;

/// <summary>The module's <see cref="IOrganizationMemberships"/>, over its own tables; one query each.</summary>
internal sealed class OrganizationMemberships(IOrganizationsData db) : IOrganizationMemberships
{
    public async Task<OrganizationMembership?> FindActiveAsync(Guid userId, string organization, CancellationToken cancellationToken)
    {
        var organizations = Guid.TryParse(organization, out var id)
            ? db.Organizations.Where(o => o.Id == id)
            : db.Organizations.Where(o => o.Slug == organization);
        return await Active(userId, organizations).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OrganizationMembership>> ListActiveAsync(Guid userId, CancellationToken cancellationToken) =>
        await Active(userId, db.Organizations).OrderBy(m => m.Slug).ToListAsync(cancellationToken);

    private IQueryable<OrganizationMembership> Active(Guid userId, IQueryable<Organization> organizations) =>
        db.Memberships.AsNoTracking().Where(m => m.UserId == userId && m.Status == MembershipStatus.Active)
            .Join(organizations.AsNoTracking(), m => m.OrganizationId, o => o.Id, (m, o) => new OrganizationMembership(o.Id, o.Slug, o.Name, m.RoleIds));
}
