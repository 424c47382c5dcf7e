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
/// held are left as they are, and one role that cannot be given refuses the whole request. Run again on
/// a lost race, so a double submit answers twice with the same roles.
/// </summary>
public sealed record AssignRoles(RoleSubject Subject, IReadOnlyList<Guid> RoleIds) : ICommand<IReadOnlyList<RoleDto>>, IRetryOnConflict
{
    // Requests racing for random places of one subject collide often: give each as many attempts as racers.
    int IRetryOnConflict.ConflictAttempts => AccessLimits.ConcurrentChangesPerSubject;
}

internal sealed class AssignRolesValidator : AbstractValidator<AssignRoles>
{
    public AssignRolesValidator() => RuleFor(c => c.RoleIds).MustBeBoundedIdSet();
}

internal sealed class AssignRolesHandler(IAccessData db, RoleSubjects subjects, TimeProvider clock) : ICommandHandler<AssignRoles, IReadOnlyList<RoleDto>>
{
    public async Task<IReadOnlyList<RoleDto>> Handle(AssignRoles command, CancellationToken cancellationToken)
    {
        var subject = await subjects.ResolveToAssignAsync(command.Subject, cancellationToken);
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

        var holdings = await subject.Of(db).Select(a => new { a.RoleId, a.Slot }).ToListAsync(cancellationToken);
        var held = holdings.Select(h => h.RoleId).ToList();
        var added = roles.Where(r => !held.Contains(r.Id)).ToList();

        // Counted, not only placed: assignments made before places existed may number more than the limit.
        if (holdings.Count + added.Count > AccessLimits.MaxRolesPerSubject)
        {
            throw new DomainException("too_many_roles", $"A user or service account holds at most {AccessLimits.MaxRolesPerSubject} roles directly.");
        }

        // Each new role takes a free place of the subject's (RoleAssignment.Slot), picked at random: two
        // assignments racing for the last places take the same ones, and the later runs again to find the
        // subject full, while assignments racing with room to spare rarely meet. Within the count there are
        // always enough free places.
        var free = Enumerable.Range(1, AccessLimits.MaxRolesPerSubject).Except(holdings.Select(h => h.Slot)).ToArray();
        Random.Shared.Shuffle(free);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (role, slot) in added.Zip(free))
        {
            db.RoleAssignments.Add(subject.UserId is { } userId
                ? RoleAssignment.ToUser(role, userId, slot, now)
                : RoleAssignment.ToClient(role, subject.ClientId!, slot, now));
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
