namespace Paylent.Application.Organizations;

/// <summary>The limits of one management request.</summary>
public static class OrganizationLimits
{
    /// <summary>Role ids one request sets, adds or removes on a membership or invitation.</summary>
    public const int MaxRolesPerRequest = Domain.Organizations.Membership.MaxRoles;
}
