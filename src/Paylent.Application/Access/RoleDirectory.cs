using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Domain.Access;

namespace Paylent.Application.Access;

/// <summary>Access's <see cref="IRoleDirectory"/>, over its own tables.</summary>
internal sealed class RoleDirectory(IAccessData db) : IRoleDirectory
{
    public async Task<IReadOnlyList<RoleReference>> FindAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? []
            : await db.Roles.AsNoTracking().Where(r => ids.Contains(r.Id)).OrderBy(r => r.NormalizedSlug)
                .Select(r => new RoleReference(r.Id, r.Slug)).ToListAsync(cancellationToken);

    public async Task<RoleReference?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        var normalized = AccessSlugs.NormalizeRole(slug);
        return await db.Roles.AsNoTracking().Where(r => r.NormalizedSlug == normalized)
            .Select(r => new RoleReference(r.Id, r.Slug)).SingleOrDefaultAsync(cancellationToken);
    }

    public void AddToNewEnvironment(Guid environmentId, IReadOnlyList<RoleSeed> roles, DateTime now)
    {
        foreach (var seed in roles)
        {
            db.Roles.Add(Role.Create(environmentId, seed.Slug, seed.Name, seed.Description, null, now));
        }
    }
}
