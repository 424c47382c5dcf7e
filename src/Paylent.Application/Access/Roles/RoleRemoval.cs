using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common.Events;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Roles;

internal static class RoleRemoval
{
    /// <summary>
    /// Removes roles with their assignments and their place in other roles, each change audited, and
    /// tells the modules holding roles by id (<see cref="RolesDeleted"/>).
    /// </summary>
    public static async Task RemoveRolesAsync(this IAccessData db, IModuleEvents events, IReadOnlyList<Role> roles, DateTime now, CancellationToken cancellationToken)
    {
        var ids = roles.Select(r => r.Id).ToList();
        events.Raise(new RolesDeleted(ids));
        foreach (var assignment in await db.RoleAssignments.Where(a => ids.Contains(a.RoleId)).ToListAsync(cancellationToken))
        {
            assignment.Unassign();
            db.RoleAssignments.Remove(assignment);
        }

        foreach (var other in await db.Roles.Where(r => !ids.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            other.Exclude(ids, now);
        }

        db.Roles.RemoveRange(roles);
    }
}
