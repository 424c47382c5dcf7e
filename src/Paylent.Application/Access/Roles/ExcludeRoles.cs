using FluentValidation;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Roles;

/// <summary>Stops a role including others; ids it does not include are ignored.</summary>
public sealed record ExcludeRoles(Guid RoleId, IReadOnlyList<Guid> RoleIds) : ICommand<RoleDto>, IRetryOnConflict;

internal sealed class ExcludeRolesValidator : AbstractValidator<ExcludeRoles>
{
    public ExcludeRolesValidator() => RuleFor(c => c.RoleIds).MustBeBoundedIdSet();
}

internal sealed class ExcludeRolesHandler(IAccessData db, TimeProvider clock) : ICommandHandler<ExcludeRoles, RoleDto>
{
    public async Task<RoleDto> Handle(ExcludeRoles command, CancellationToken cancellationToken)
    {
        var role = await db.FindRoleAsync(command.RoleId, cancellationToken);
        role.Exclude(command.RoleIds, clock.GetUtcNow().UtcDateTime);
        return await db.ToDtoAsync(role, cancellationToken);
    }
}
