using FluentValidation;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Organizations.Memberships;

/// <summary>Takes organization roles from a member; refused when it would demote the last active owner.</summary>
public sealed record RemoveMembershipRoles(Guid OrganizationId, Guid Id, IReadOnlyList<Guid> RoleIds) : ICommand<MembershipDto>, IRetryOnConflict;

internal sealed class RemoveMembershipRolesValidator : AbstractValidator<RemoveMembershipRoles>
{
    public RemoveMembershipRolesValidator() =>
        RuleFor(c => c.RoleIds).Must(ids => ids is { Count: > 0 and <= OrganizationLimits.MaxRolesPerRequest })
            .WithMessage($"Give 1 to {OrganizationLimits.MaxRolesPerRequest} roles.");
}

internal sealed class RemoveMembershipRolesHandler(IOrganizationsData db, IRoleDirectory roles, OwnerGuard owners, TimeProvider clock)
    : ICommandHandler<RemoveMembershipRoles, MembershipDto>
{
    public async Task<MembershipDto> Handle(RemoveMembershipRoles command, CancellationToken cancellationToken)
    {
        var membership = await db.FindMembershipAsync(command.OrganizationId, command.Id, cancellationToken);
        var kept = membership.RoleIds.Except(command.RoleIds).ToList();
        await owners.EnsureChangeAllowedAsync(membership, membership.Status, kept, cancellationToken);
        membership.SetRoles(kept, clock.GetUtcNow().UtcDateTime);
        return await roles.ToDtoAsync(membership, cancellationToken);
    }
}
