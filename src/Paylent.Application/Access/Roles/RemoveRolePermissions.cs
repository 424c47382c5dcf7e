using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Roles;

/// <summary>Takes permissions out of a role; permissions the role does not hold are ignored, unknown ones refused.</summary>
public sealed record RemoveRolePermissions(Guid RoleId, IReadOnlyList<Guid> PermissionIds) : ICommand<RoleDto>, IRetryOnConflict;

internal sealed class RemoveRolePermissionsValidator : AbstractValidator<RemoveRolePermissions>
{
    public RemoveRolePermissionsValidator() => RuleFor(c => c.PermissionIds).MustBeBoundedIdSet();
}

internal sealed class RemoveRolePermissionsHandler(IAccessData db, TimeProvider clock) : ICommandHandler<RemoveRolePermissions, RoleDto>
{
    public async Task<RoleDto> Handle(RemoveRolePermissions command, CancellationToken cancellationToken)
    {
        var role = await db.FindRoleAsync(command.RoleId, cancellationToken);
        var ids = command.PermissionIds.Distinct().ToList();
        var slugs = await db.Permissions.Where(p => ids.Contains(p.Id)).Select(p => p.Slug).ToListAsync(cancellationToken);
        if (slugs.Count != ids.Count)
        {
            throw new NotFoundException("permission");
        }

        role.RemovePermissions(slugs, clock.GetUtcNow().UtcDateTime);
        return await db.ToDtoAsync(role, cancellationToken);
    }
}
