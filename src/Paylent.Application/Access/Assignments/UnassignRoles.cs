using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Assignments;

/// <summary>
/// Takes roles from a user or service account; roles it does not hold are ignored, unknown ones refused.
/// Run again on a lost race, so a double submit answers twice with the same roles.
/// </summary>
public sealed record UnassignRoles(RoleSubject Subject, IReadOnlyList<Guid> RoleIds) : ICommand<IReadOnlyList<RoleDto>>, IRetryOnConflict
{
    int IRetryOnConflict.ConflictAttempts => AccessLimits.ConcurrentChangesPerSubject;
}

internal sealed class UnassignRolesValidator : AbstractValidator<UnassignRoles>
{
    public UnassignRolesValidator() => RuleFor(c => c.RoleIds).MustBeBoundedIdSet();
}

internal sealed class UnassignRolesHandler(IAccessData db, RoleSubjects subjects) : ICommandHandler<UnassignRoles, IReadOnlyList<RoleDto>>
{
    public async Task<IReadOnlyList<RoleDto>> Handle(UnassignRoles command, CancellationToken cancellationToken)
    {
        var subject = await subjects.ResolveAsync(command.Subject, cancellationToken);
        var ids = command.RoleIds.Distinct().ToList();
        if (await db.Roles.CountAsync(r => ids.Contains(r.Id), cancellationToken) != ids.Count)
        {
            throw new NotFoundException("role");
        }

        var assignments = await subject.Of(db).ToListAsync(cancellationToken);
        foreach (var assignment in assignments.Where(a => ids.Contains(a.RoleId)))
        {
            assignment.Unassign();
            db.RoleAssignments.Remove(assignment);
        }

        var kept = assignments.Select(a => a.RoleId).Where(id => !ids.Contains(id)).ToList();
        var roles = await db.Roles.Where(r => kept.Contains(r.Id)).OrderBy(r => r.NormalizedSlug).ToListAsync(cancellationToken);
        return await db.ToDtosAsync(roles, cancellationToken);
    }
}
