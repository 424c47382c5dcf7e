using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Roles;

/// <summary>Deletes a role, its assignments (each unassignment audited) and its place in the roles that included it.</summary>
public sealed record DeleteRole(Guid Id) : ICommand<bool>, IRetryOnConflict;

internal sealed class DeleteRoleHandler(IAccessData db, IModuleEvents events, TimeProvider clock) : ICommandHandler<DeleteRole, bool>
{
    public async Task<bool> Handle(DeleteRole command, CancellationToken cancellationToken)
    {
        var role = await db.FindRoleAsync(command.Id, cancellationToken);
        await db.RemoveRolesAsync(events, [role], clock.GetUtcNow().UtcDateTime, cancellationToken);
        return true;
    }
}
