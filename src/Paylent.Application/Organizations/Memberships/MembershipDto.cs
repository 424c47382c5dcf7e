using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Organizations.Organizations;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Memberships;

/// <param name="Status"><c>active</c> or <c>inactive</c>.</param>
public sealed record MembershipDto(
    Guid Id, Guid OrganizationId, Guid UserId, string Status, IReadOnlyList<RoleReference> Roles, DateTime CreatedAt, DateTime UpdatedAt);

internal static class MembershipViews
{
    public static string Name(this MembershipStatus status) => status == MembershipStatus.Active ? "active" : "inactive";

    public static async Task<Membership> FindMembershipAsync(this IOrganizationsData db, Guid organizationId, Guid id, CancellationToken cancellationToken) =>
        await db.Memberships.SingleOrDefaultAsync(m => m.Id == id && m.OrganizationId == organizationId, cancellationToken)
            ?? throw new NotFoundException("membership");

    public static async Task<MembershipDto> ToDtoAsync(this IRoleDirectory roles, Membership membership, CancellationToken cancellationToken) =>
        (await roles.ToDtosAsync([membership], cancellationToken))[0];

    /// <summary>One query for the roles of every membership given.</summary>
    public static async Task<IReadOnlyList<MembershipDto>> ToDtosAsync(this IRoleDirectory roles, IReadOnlyList<Membership> memberships, CancellationToken cancellationToken)
    {
        var known = (await roles.FindAsync([.. memberships.SelectMany(m => m.RoleIds).Distinct()], cancellationToken)).ToList();
        return [.. memberships.Select(m => new MembershipDto(
            m.Id, m.OrganizationId, m.UserId, m.Status.Name(), [.. known.Where(r => m.RoleIds.Contains(r.Id))], m.CreatedAt, m.UpdatedAt))];
    }

    /// <summary>The roles of the environment with these ids; one unknown (or another environment's) refuses the request.</summary>
    public static async Task<IReadOnlyList<Guid>> RequireRolesAsync(this IRoleDirectory roles, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        var found = await roles.FindAsync(distinct, cancellationToken);
        return found.Count == distinct.Count ? distinct : throw new NotFoundException("role");
    }
}

/// <summary>
/// The last-owner rule: a change that would leave a member no longer an active owner goes through
/// <see cref="Organization.ReleaseOwner"/>, which refuses it when no other active owner remains and
/// otherwise writes the organization, whose version serialises such changes.
/// </summary>
internal sealed class OwnerGuard(IOrganizationsData db, IRoleDirectory roles, TimeProvider clock)
{
    public async Task<Guid?> OwnerRoleIdAsync(CancellationToken cancellationToken) =>
        (await roles.FindBySlugAsync(OrganizationRoles.Owner, cancellationToken))?.Id;

    public async Task EnsureChangeAllowedAsync(Membership membership, MembershipStatus status, IReadOnlyCollection<Guid> roleIds, CancellationToken cancellationToken)
    {
        if (await OwnerRoleIdAsync(cancellationToken) is not { } owner || !membership.WouldStopOwning(owner, status, roleIds))
        {
            return;
        }

        var organization = await db.FindOrganizationAsync(membership.OrganizationId, cancellationToken);
        organization.ReleaseOwner(await AnotherActiveOwnerAsync(membership, owner, cancellationToken), clock.GetUtcNow().UtcDateTime);
    }

    // Role lists are JSON: the organization's other active members are read in creation order until an
    // owner turns up, which is usually among the first (the founders).
    private async Task<bool> AnotherActiveOwnerAsync(Membership membership, Guid owner, CancellationToken cancellationToken)
    {
        var others = db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == membership.OrganizationId && m.Id != membership.Id && m.Status == MembershipStatus.Active)
            .OrderBy(m => m.CreatedAt).Select(m => m.RoleIds).AsAsyncEnumerable();
        await foreach (var held in others.WithCancellation(cancellationToken))
        {
            if (held.Contains(owner))
            {
                return true;
            }
        }

        return false;
    }
}
