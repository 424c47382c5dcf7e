using FluentValidation;
using Paylent.Application.Access.Contracts;
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
        var added = await roles.RequireRolesAsync(command.RoleIds, cancellationToken);
        membership.SetRoles(membership.RoleIds.Union(added), clock.GetUtcNow().UtcDateTime);
        return await roles.ToDtoAsync(membership, cancellationToken);
    }
}
