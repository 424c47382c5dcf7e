using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Permissions;

/// <summary>Deletes a permission and takes it out of every role that holds it (each role's change audited).</summary>
public sealed record DeletePermission(Guid Id) : ICommand<bool>, IRetryOnConflict;

internal sealed class DeletePermissionHandler(IAccessData db, TimeProvider clock) : ICommandHandler<DeletePermission, bool>
{
    public async Task<bool> Handle(DeletePermission command, CancellationToken cancellationToken)
    {
        var permission = await db.FindAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        // Roles hold permissions in a JSON list, which no provider-neutral query searches: load the environment's
        // roles. Every one is written, those that do not hold the permission too (their version, nothing
        // audited): a role given the permission at the same moment then fails one of the two saves (409)
        // instead of keeping a deleted permission granted. Deletes are rare; additions never contend.
        foreach (var role in await db.Roles.ToListAsync(cancellationToken))
        {
            if (role.RemovePermissions([permission.Slug], now) == 0)
            {
                role.BumpVersion();
            }
        }

        db.Permissions.Remove(permission);
        return true;
    }
}
