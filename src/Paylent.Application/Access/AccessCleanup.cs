using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common.Events;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.OAuth.Contracts;
using Paylent.Domain.Access;

namespace Paylent.Application.Access;

/// <summary>A new user gets the environment's default role, if it has one, in the first of its places.</summary>
internal sealed class AssignDefaultRole(IAccessData db, TimeProvider clock) : IModuleEventHandler<UserCreated>
{
    public async Task HandleAsync(UserCreated moduleEvent, CancellationToken cancellationToken)
    {
        if (await db.Roles.SingleOrDefaultAsync(r => r.IsDefault, cancellationToken) is { } role)
        {
            db.RoleAssignments.Add(RoleAssignment.ToUser(role, moduleEvent.UserId, slot: 1, clock.GetUtcNow().UtcDateTime));
        }
    }
}

/// <summary>A deleted user's assignments go with the user, each unassignment audited.</summary>
internal sealed class RemoveRolesOfDeletedUser(IAccessData db) : IModuleEventHandler<UserDeleted>
{
    public async Task HandleAsync(UserDeleted moduleEvent, CancellationToken cancellationToken)
    {
        foreach (var assignment in await db.RoleAssignments.Where(a => a.UserId == moduleEvent.UserId).ToListAsync(cancellationToken))
        {
            assignment.Unassign();
            db.RoleAssignments.Remove(assignment);
        }
    }
}

/// <summary>
/// A deleted client's service-account assignments go, and so do the roles scoped to it (with their
/// assignments): a new client reusing the <c>client_id</c> must not inherit them.
/// </summary>
internal sealed class RemoveAccessOfDeletedClient(IAccessData db, IModuleEvents events, TimeProvider clock) : IModuleEventHandler<OAuthClientDeleted>
{
    public async Task HandleAsync(OAuthClientDeleted moduleEvent, CancellationToken cancellationToken)
    {
        foreach (var assignment in await db.RoleAssignments.Where(a => a.ClientId == moduleEvent.ClientId).ToListAsync(cancellationToken))
        {
            assignment.Unassign();
            db.RoleAssignments.Remove(assignment);
        }

        var scoped = await db.Roles.Where(r => r.ClientId == moduleEvent.ClientId).ToListAsync(cancellationToken);
        if (scoped.Count > 0)
        {
            await db.RemoveRolesAsync(events, scoped, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
    }
}
