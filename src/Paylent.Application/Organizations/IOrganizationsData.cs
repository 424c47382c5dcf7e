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
