using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Permissions;

/// <summary>Deletes a permission and takes it out of every role that holds it (each role's change audited).</summary>
public sealed record DeletePermission(Guid Id) : ICommand<bool>;

internal sealed class DeletePermissionHandler(IAccessData db, TimeProvider clock) : ICommandHandler<DeletePermission, bool>
{
    public async Task<bool> Handle(DeletePermission command, CancellationToken cancellationToken)
    {
        var permission = await db.FindAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        // Roles hold permissions in a JSON list, which no provider-neutral query searches: load the environment's roles.
        foreach (var role in await db.Roles.ToListAsync(cancellationToken))
        {
            role.RemovePermissions([permission.Slug], now);
        }

        db.Permissions.Remove(permission);
        return true;
    }
}
