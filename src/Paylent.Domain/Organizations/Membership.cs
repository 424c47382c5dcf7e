using Paylent.Domain.Common;

namespace Paylent.Domain.Organizations;

public enum MembershipStatus
{
    Active,

    /// <summary>Keeps the membership and its roles, but gives the user no organization context.</summary>
    Inactive,
}

/// <summary>
/// A user's place in an organization: its status and its organization roles, which are roles of the
/// environment (the Access module's, by id) held in this organization only, so one user can be an
/// admin in one organization and a viewer in another.
/// </summary>
[Audited("membership")]
public sealed class Membership : AggregateRoot, IEnvironmentScoped
{
    /// <summary>Roles one membership holds.</summary>
    public const int MaxRoles = 50;

    private Membership(Guid environmentId, Guid organizationId, Guid userId, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        OrganizationId = organizationId;
        UserId = userId;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid UserId { get; private set; }

    public MembershipStatus Status { get; private set; }

    public IReadOnlyList<Guid> RoleIds { get; private set; } = [];

    public DateTime CreatedAt { get; private set; }

    [NotAudited]
    public DateTime UpdatedAt { get; private set; }

    public static Membership Create(Organization organization, Guid userId, IEnumerable<Guid> roleIds, DateTime now)
    {
        var membership = new Membership(organization.EnvironmentId, organization.Id, userId, now) { RoleIds = Bounded(roleIds) };
        return membership;
    }

    /// <summary>Whether this member is an active holder of <paramref name="ownerRoleId"/>.</summary>
    public bool IsActiveOwner(Guid ownerRoleId) => Status == MembershipStatus.Active && RoleIds.Contains(ownerRoleId);

    /// <summary>Whether the change would leave this member no longer an active owner (it was one before).</summary>
    public bool WouldStopOwning(Guid ownerRoleId, MembershipStatus status, IReadOnlyCollection<Guid> roleIds) =>
        IsActiveOwner(ownerRoleId) && (status != MembershipStatus.Active || !roleIds.Contains(ownerRoleId));

    public void SetStatus(MembershipStatus status, DateTime now)
    {
        if (Status != status)
        {
            Status = status;
            UpdatedAt = now;
        }
    }

    public void SetRoles(IEnumerable<Guid> roleIds, DateTime now)
    {
        var roles = Bounded(roleIds);
        if (!roles.SequenceEqual(RoleIds))
        {
            RoleIds = roles;
            UpdatedAt = now;
        }
    }

    /// <summary>Drops roles that no longer exist; true when any was held.</summary>
    public bool DropRoles(IReadOnlyCollection<Guid> roleIds, DateTime now)
    {
        if (!RoleIds.Any(roleIds.Contains))
        {
            return false;
        }

        RoleIds = [.. RoleIds.Where(id => !roleIds.Contains(id))];
        UpdatedAt = now;
        return true;
    }

    internal static IReadOnlyList<Guid> Bounded(IEnumerable<Guid> roleIds)
    {
        var roles = roleIds.Distinct().ToList();
        return roles.Count > MaxRoles
            ? throw new DomainException("too_many_roles", $"A member holds at most {MaxRoles} organization roles.", "roles")
            : roles;
    }
}
