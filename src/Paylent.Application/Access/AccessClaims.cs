using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Domain.Access;

namespace Paylent.Application.Access;

/// <summary>
/// Access's <see cref="IAccessClaims"/>: one indexed query for the subject's assignments, the role graph
/// from <see cref="IRoleGraphCache"/>, and nothing when the subject holds no role.
/// </summary>
internal sealed class AccessClaims(IAccessData db, IRoleGraphCache graphs) : IAccessClaims
{
    public async Task<SubjectAccess> ForUserAsync(Guid userId, string clientId, CancellationToken cancellationToken) =>
        await ResolveAsync(db.RoleAssignments.Where(a => a.UserId == userId), clientId, cancellationToken);

    public async Task<SubjectAccess> ForClientAsync(string clientId, CancellationToken cancellationToken) =>
        await ResolveAsync(db.RoleAssignments.Where(a => a.ClientId == clientId), clientId, cancellationToken);

    private async Task<SubjectAccess> ResolveAsync(IQueryable<RoleAssignment> assignments, string clientId, CancellationToken cancellationToken)
    {
        var roleIds = await assignments.Select(a => a.RoleId).ToListAsync(cancellationToken);
        if (roleIds.Count == 0)
        {
            return SubjectAccess.None;
        }

        var access = (await graphs.CurrentAsync(cancellationToken)).Resolve(roleIds, clientId);
        return new SubjectAccess(access.Roles, [.. access.Permissions.Select(p => p.Slug)]);
    }
}
