using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common.Events;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.Common;

namespace Paylent.Application.Organizations;

/// <summary>Every new environment starts with the organization roles (<see cref="OrganizationRoles.Seeds"/>).</summary>
internal sealed class SeedOrganizationRoles(IRoleDirectory roles) : IModuleEventHandler<EnvironmentCreated>
{
    public Task HandleAsync(EnvironmentCreated moduleEvent, CancellationToken cancellationToken)
    {
        roles.AddToNewEnvironment(moduleEvent.EnvironmentId, OrganizationRoles.Seeds, moduleEvent.CreatedAt);
        return Task.CompletedTask;
    }
}

/// <summary>A deleted user's memberships go with the user, each removal audited.</summary>
internal sealed class RemoveMembershipsOfDeletedUser(IOrganizationsData db) : IModuleEventHandler<UserDeleted>
{
    public async Task HandleAsync(UserDeleted moduleEvent, CancellationToken cancellationToken) =>
        db.Memberships.RemoveRange(await db.Memberships.Where(m => m.UserId == moduleEvent.UserId).ToListAsync(cancellationToken));
}

/// <summary>
/// Deleted roles leave the memberships and invitations holding them (audited). The owner role cannot be
/// deleted: the last-owner rule stands on it.
/// </summary>
internal sealed class DropDeletedRoles(IOrganizationsData db, IRoleDirectory roles, TimeProvider clock) : IModuleEventHandler<RolesDeleted>
{
    public async Task HandleAsync(RolesDeleted moduleEvent, CancellationToken cancellationToken)
    {
        if (await roles.FindBySlugAsync(OrganizationRoles.Owner, cancellationToken) is { } owner && moduleEvent.RoleIds.Contains(owner.Id))
        {
            throw new DomainException("role_in_use", $"{OrganizationRoles.Owner} is the organizations' owner role and cannot be deleted.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ids = moduleEvent.RoleIds;

        // Role lists are JSON columns; the rows holding one are found here rather than by the database.
        await foreach (var membership in db.Memberships.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            membership.DropRoles(ids, now);
        }

        await foreach (var invitation in db.Invitations.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            invitation.DropRoles(ids, now);
        }
    }
}
