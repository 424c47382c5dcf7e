using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Roles;

/// <summary>Makes a role a composite of others of the environment; a cycle, at any depth, is refused.</summary>
public sealed record IncludeRoles(Guid RoleId, IReadOnlyList<Guid> RoleIds) : ICommand<RoleDto>;

internal sealed class IncludeRolesValidator : AbstractValidator<IncludeRoles>
{
    public IncludeRolesValidator() => RuleFor(c => c.RoleIds).MustBeBoundedIdSet();
}

internal sealed class IncludeRolesHandler(IAccessData db, TimeProvider clock) : ICommandHandler<IncludeRoles, RoleDto>
{
    public async Task<RoleDto> Handle(IncludeRoles command, CancellationToken cancellationToken)
    {
        // The whole graph, as a cycle may run through any role of the environment.
        var roles = await db.Roles.ToListAsync(cancellationToken);
        var role = roles.SingleOrDefault(r => r.Id == command.RoleId) ?? throw new NotFoundException("role");
        var ids = command.RoleIds.Distinct().ToList();
        var included = roles.Where(r => ids.Contains(r.Id)).ToList();
        if (included.Count != ids.Count)
        {
            throw new NotFoundException("role");
        }

        role.Include(included, RoleGraph.Of(roles), clock.GetUtcNow().UtcDateTime);
        return await db.ToDtoAsync(role, cancellationToken);
    }
}
