using Paylent.Application.Access.Contracts;

namespace Paylent.Application.Access;

/// <summary>
/// Access's <see cref="IAccessClaims"/>: the subject's assignments from <see cref="IAssignedRoles"/>, resolved
/// over the role graph from <see cref="IRoleGraphCache"/> (memoized there), and nothing when the subject holds no role.
/// </summary>
internal sealed class AccessClaims(IAssignedRoles assigned, IRoleGraphCache graphs) : IAccessClaims
{
    public async Task<SubjectAccess> ForUserAsync(Guid userId, string clientId, CancellationToken cancellationToken) =>
        await ResolveAsync(await assigned.OfUserAsync(userId, cancellationToken), clientId, cancellationToken);

    public async Task<SubjectAccess> ForMemberAsync(Guid userId, string clientId, IReadOnlyList<Guid> organizationRoleIds, CancellationToken cancellationToken)
    {
        var environmentRoleIds = await assigned.OfUserAsync(userId, cancellationToken);
        // Resolving the union at once equals the union of each side's resolution (composites included),
        // and the graph memoizes it per set, so members holding the same roles share one computation.
        return await ResolveAsync(organizationRoleIds.Count == 0 ? environmentRoleIds : [.. environmentRoleIds.Union(organizationRoleIds)], clientId, cancellationToken);
    }

    public async Task<SubjectAccess> ForClientAsync(string clientId, CancellationToken cancellationToken) =>
        await ResolveAsync(await assigned.OfClientAsync(clientId, cancellationToken), clientId, cancellationToken);

    private async Task<SubjectAccess> ResolveAsync(IReadOnlyList<Guid> roleIds, string clientId, CancellationToken cancellationToken)
    {
        if (roleIds.Count == 0)
        {
            return SubjectAccess.None;
        }

        var access = (await graphs.CurrentAsync(cancellationToken)).Resolve(roleIds, clientId);
        return new SubjectAccess(access.Roles, access.PermissionSlugs);
    }
}
