using FluentValidation;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Memberships;

/// <summary>
/// Changes a member's status or replaces its organization roles (null leaves either as it is). Refused
/// when it would leave the organization without an active owner; a lost race re-runs on fresh data, so
/// of two requests demoting the last two owners, the second meets that rule.
/// </summary>
public sealed record UpdateMembership(Guid OrganizationId, Guid Id, MembershipStatus? Status, IReadOnlyList<Guid>? RoleIds)
    : ICommand<MembershipDto>, IRetryOnConflict;

internal sealed class UpdateMembershipValidator : AbstractValidator<UpdateMembership>
{
    public UpdateMembershipValidator()
    {
        RuleFor(c => c.Status).IsInEnum();
        RuleFor(c => c.RoleIds).Must(ids => ids is null || ids.Count <= OrganizationLimits.MaxRolesPerRequest)
            .WithMessage($"Give at most {OrganizationLimits.MaxRolesPerRequest} roles.");
    }
}

internal sealed class UpdateMembershipHandler(IOrganizationsData db, IRoleDirectory roles, OwnerGuard owners, TimeProvider clock)
    : ICommandHandler<UpdateMembership, MembershipDto>
{
    public async Task<MembershipDto> Handle(UpdateMembership command, CancellationToken cancellationToken)
    {
        var membership = await db.FindMembershipAsync(command.OrganizationId, command.Id, cancellationToken);
        var roleIds = command.RoleIds is null ? membership.RoleIds : await roles.RequireRolesAsync(command.RoleIds, cancellationToken);
        var status = command.Status ?? membership.Status;
        await owners.EnsureChangeAllowedAsync(membership, status, roleIds, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        membership.SetStatus(status, now);
        membership.SetRoles(roleIds, now);
        return await roles.ToDtoAsync(membership, cancellationToken);
    }
}
