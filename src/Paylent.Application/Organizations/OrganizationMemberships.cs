using Paylent.Application.Organizations.Contracts;

namespace Paylent.Application.Organizations;

/// <summary>
/// The module's <see cref="IOrganizationMemberships"/>: the user's active memberships from
/// <see cref="IActiveMemberships"/> (one query on a miss, none on a hit), matched in memory.
/// </summary>
internal sealed class OrganizationMemberships(IActiveMemberships memberships) : IOrganizationMemberships
{
    public async Task<OrganizationMembership?> FindActiveAsync(Guid userId, string organization, CancellationToken cancellationToken)
    {
        var active = await memberships.OfUserAsync(userId, cancellationToken);
        return Guid.TryParse(organization, out var id)
            ? active.FirstOrDefault(m => m.OrganizationId == id)
            : active.FirstOrDefault(m => string.Equals(m.Slug, organization, StringComparison.Ordinal));
    }

    public Task<IReadOnlyList<OrganizationMembership>> ListActiveAsync(Guid userId, CancellationToken cancellationToken) =>
        memberships.OfUserAsync(userId, cancellationToken);
}
