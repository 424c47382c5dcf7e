using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Roles;

/// <summary>Makes a role a composite of others of the environment; a cycle, at any depth, is refused.</summary>
public sealed record IncludeRoles(Guid RoleId, IReadOnlyList<Guid> RoleIds) : ICommand<RoleDto>, IRetryOnConflict;

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

        var graph = RoleGraph.Of(roles);
        role.Include(included, graph, clock.GetUtcNow().UtcDateTime);

        // Two inclusions at once could each pass the cycle check on a graph without the other's edge. Every
        // role the new edges lead to is written too (its version, nothing audited), so of inclusions that
        // would close a cycle together one fails its version check and runs again, to be told role_cycle.
        // (Around any such cycle, one new edge leads to the role another new edge is added to.)
        var reachable = graph.Reachable(ids).ToHashSet();
        foreach (var reached in roles.Where(r => reachable.Contains(r.Id)))
        {
            reached.BumpVersion();
        }

        return await db.ToDtoAsync(role, cancellationToken);
    }
}
