using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations;

/// <summary>
/// The Organizations module's tables, and nothing else: its handlers' data port. Users and roles it
/// knows through Identity's and Access's contracts.
/// </summary>
public interface IOrganizationsData
{
    DbSet<Organization> Organizations { get; }

    DbSet<Membership> Memberships { get; }

    DbSet<Invitation> Invitations { get; }
}

/// <summary>
/// A user's active memberships in the current environment, as token issuance reads them: from memory
/// (Infrastructure), dropped when a save changes one of the user's memberships or an organization, so a
/// steady stream of tokens in an organization context costs no query.
/// </summary>
public interface IActiveMemberships
{
    /// <summary>Ordered by organization slug.</summary>
    Task<IReadOnlyList<Contracts.OrganizationMembership>> OfUserAsync(Guid userId, CancellationToken cancellationToken);
}
