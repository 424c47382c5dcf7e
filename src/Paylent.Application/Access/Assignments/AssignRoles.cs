using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Access;
using Paylent.Domain.Common;

namespace Paylent.Application.Access.Assignments;

/// <summary>
/// Gives roles of the environment to a user or a confidential client's service account; roles already
/// held are left as they are, and one role that cannot be given refuses the whole request.
/// </summary>
public sealed record AssignRoles(RoleSubject Subject, IReadOnlyList<Guid> RoleIds) : ICommand<IReadOnlyList<RoleDto>>;

internal sealed class AssignRolesValidator : AbstractValidator<AssignRoles>
{
    public AssignRolesValidator() => RuleFor(c => c.RoleIds).MustBeBoundedIdSet();
}

internal sealed class AssignRolesHandler(IAccessData db, RoleSubjects subjects, TimeProvider clock) : ICommandHandler<AssignRoles, IReadOnlyList<RoleDto>>
{
    public async Task<IReadOnlyList<RoleDto>> Handle(AssignRoles command, CancellationToken cancellationToken)
    {
        var subject = await subjects.ResolveAsync(command.Subject, cancellationToken);
        if (subject.UserId is null && !subject.IsServiceAccount)
        {
            throw new DomainException("not_a_service_account", "Only a confidential client acts for itself (client_credentials); a public client cannot hold roles.");
        }

        var ids = command.RoleIds.Distinct().ToList();
        var roles = await db.Roles.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        if (roles.Count != ids.Count)
        {
            throw new NotFoundException("role");
        }

        var held = await subject.Of(db).Select(a => a.RoleId).ToListAsync(cancellationToken);
        var added = roles.Where(r => !held.Contains(r.Id)).ToList();
        if (held.Count + added.Count > AccessLimits.MaxRolesPerSubject)
        {
            throw new DomainException("too_many_roles", $"A user or service account holds at most {AccessLimits.MaxRolesPerSubject} roles directly.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var role in added)
        {
            db.RoleAssignments.Add(subject.UserId is { } userId ? RoleAssignment.ToUser(role, userId, now) : RoleAssignment.ToClient(role, subject.ClientId!, now));
        }

        return await RolesAfterAsync(db, held, added, cancellationToken);
    }

    private static async Task<IReadOnlyList<RoleDto>> RolesAfterAsync(IAccessData db, List<Guid> held, List<Role> added, CancellationToken cancellationToken)
    {
        var ids = held.Concat(added.Select(r => r.Id)).ToList();
        var roles = await db.Roles.Where(r => ids.Contains(r.Id)).OrderBy(r => r.NormalizedSlug).ToListAsync(cancellationToken);
        return await db.ToDtosAsync(roles, cancellationToken);
    }
}
