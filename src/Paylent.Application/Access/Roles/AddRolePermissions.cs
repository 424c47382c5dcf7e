using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Roles;

/// <summary>Adds permissions of the environment to a role; one unknown id refuses the whole request.</summary>
public sealed record AddRolePermissions(Guid RoleId, IReadOnlyList<Guid> PermissionIds) : ICommand<RoleDto>;

internal sealed class AddRolePermissionsValidator : AbstractValidator<AddRolePermissions>
{
    public AddRolePermissionsValidator() => RuleFor(c => c.PermissionIds).MustBeBoundedIdSet();
}

internal sealed class AddRolePermissionsHandler(IAccessData db, TimeProvider clock) : ICommandHandler<AddRolePermissions, RoleDto>
{
    public async Task<RoleDto> Handle(AddRolePermissions command, CancellationToken cancellationToken)
    {
        var role = await db.FindRoleAsync(command.RoleId, cancellationToken);
        var ids = command.PermissionIds.Distinct().ToList();
        var permissions = await db.Permissions.Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
        if (permissions.Count != ids.Count)
        {
            throw new NotFoundException("permission");
        }

        // The role keeps the permissions' slugs, which no key ties to them: each permission is written too
        // (its version, nothing audited), so one deleted at the same time fails one of the two saves (409)
        // instead of staying granted by this role.
        permissions.ForEach(permission => permission.BumpVersion());
        role.AddPermissions([.. permissions.Select(p => p.Slug)], clock.GetUtcNow().UtcDateTime);
        return await db.ToDtoAsync(role, cancellationToken);
    }
}
