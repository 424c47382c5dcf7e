using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Organizations;

/// <param name="Metadata">A JSON object, as text.</param>
public sealed record OrganizationDto(Guid Id, string Slug, string Name, string Metadata, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static OrganizationDto From(Organization organization) =>
        new(organization.Id, organization.Slug, organization.Name, organization.Metadata, organization.CreatedAt, organization.UpdatedAt);
}

internal static class OrganizationLookup
{
    public static async Task<Organization> FindOrganizationAsync(this IOrganizationsData db, Guid id, CancellationToken cancellationToken) =>
        await db.Organizations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken) ?? throw new NotFoundException("organization");
}
