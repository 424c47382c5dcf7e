using FluentValidation;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Organizations.Memberships;

/// <summary>Gives a member more organization roles; roles already held are left as they are.</summary>
public sealed record AddMembershipRoles(Guid OrganizationId, Guid Id, IReadOnlyList<Guid> RoleIds) : ICommand<MembershipDto>, IRetryOnConflict;

internal sealed class AddMembershipRolesValidator : AbstractValidator<AddMembershipRoles>
{
    public AddMembershipRolesValidator() =>
        RuleFor(c => c.RoleIds).Must(ids => ids is { Count: > 0 and <= OrganizationLimits.MaxRolesPerRequest })
            .WithMessage($"Give 1 to {OrganizationLimits.MaxRolesPerRequest} roles.");
}

internal sealed class AddMembershipRolesHandler(IOrganizationsData db, IRoleDirectory roles, TimeProvider clock)
    : ICommandHandler<AddMembershipRoles, MembershipDto>
{
    public async Task<MembershipDto> Handle(AddMembershipRoles command, CancellationToken cancellationToken)
    {
        var membership = await db.FindMembershipAsync(command.OrganizationId, command.Id, cancellationToken);
        var added = command.RoleIds.Distinct().ToList();
        var known = (await roles.FindAsync([.. membership.RoleIds.Union(added)], cancellationToken)).Select(r => r.Id).ToHashSet();
        if (!added.All(known.Contains))
        {
            throw new NotFoundException("role");
        }

        // A role deleted while the membership was being given it leaves its id behind (the deletion found the
        // membership without it). It grants nothing; dropped here, it never counts against the limit.
        membership.SetRoles(membership.RoleIds.Where(known.Contains).Union(added), clock.GetUtcNow().UtcDateTime);
        return await roles.ToDtoAsync(membership, cancellationToken);
    }
}
