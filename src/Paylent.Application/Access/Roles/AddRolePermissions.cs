using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Roles;

/// <summary>Adds permissions of the environment to a role; one unknown id refuses the whole request.</summary>
public sealed record AddRolePermissions(Guid RoleId, IReadOnlyList<Guid> PermissionIds) : ICommand<RoleDto>, IRetryOnConflict;

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
        var slugs = await db.Permissions.Where(p => ids.Contains(p.Id)).Select(p => p.Slug).ToListAsync(cancellationToken);
        if (slugs.Count != ids.Count)
        {
            throw new NotFoundException("permission");
        }

        role.AddPermissions(slugs, clock.GetUtcNow().UtcDateTime);
        return await db.ToDtoAsync(role, cancellationToken);
    }
}
