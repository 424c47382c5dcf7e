using Paylent.Application.Access.Contracts;

namespace Paylent.Application.Organizations;

/// <summary>
/// The organization roles every environment starts with (Access roles, by these slugs). Holding
/// <see cref="Owner"/> as an active member makes an owner, and an organization never loses its last one.
/// </summary>
public static class OrganizationRoles
{
    public const string Owner = "org:owner";
    public const string Admin = "org:admin";
    public const string Member = "org:member";

    public static readonly IReadOnlyList<RoleSeed> Seeds =
    [
        new(Owner, "Organization owner", "Owns an organization: an organization always keeps at least one active owner."),
        new(Admin, "Organization admin", "Manages an organization's members and invitations."),
        new(Member, "Organization member", "A member of an organization."),
    ];
}
