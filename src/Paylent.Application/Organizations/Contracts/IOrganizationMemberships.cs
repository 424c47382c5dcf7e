namespace Paylent.Application.Organizations.Contracts;

/// <summary>
/// What other modules may know of a user's organizations, as token issuance needs it: the
/// organization context of an active membership. An inactive membership gives none.
/// </summary>
public interface IOrganizationMemberships
{
    /// <summary>
    /// The user's active membership in the organization named by <paramref name="organization"/> (its id,
    /// or its slug), in the current environment; null when there is none, whatever the reason, so a
    /// caller learns nothing of organizations the user is not in.
    /// </summary>
    Task<OrganizationMembership?> FindActiveAsync(Guid userId, string organization, CancellationToken cancellationToken);

    /// <summary>The user's active memberships, by organization slug (an organization picker's list).</summary>
    Task<IReadOnlyList<OrganizationMembership>> ListActiveAsync(Guid userId, CancellationToken cancellationToken);
}

/// <summary>An active member's organization and the organization roles it holds there (Access role ids).</summary>
public sealed record OrganizationMembership(Guid OrganizationId, string Slug, string Name, IReadOnlyList<Guid> RoleIds);
