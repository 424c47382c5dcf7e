using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Organizations;
using Paylent.Domain.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Memberships;

/// <summary>Makes a user of the environment a member of an organization, with organization roles.</summary>
public sealed record AddMember(Guid OrganizationId, Guid UserId, MembershipStatus Status, IReadOnlyList<Guid> RoleIds) : ICommand<MembershipDto>, IRetryOnConflict;

internal sealed class AddMemberValidator : AbstractValidator<AddMember>
{
    public AddMemberValidator()
    {
        RuleFor(c => c.Status).IsInEnum();
        RuleFor(c => c.RoleIds).Must(ids => ids.Count <= OrganizationLimits.MaxRolesPerRequest)
            .WithMessage($"Give at most {OrganizationLimits.MaxRolesPerRequest} roles.");
    }
}

internal sealed class AddMemberHandler(IOrganizationsData db, IUserDirectory users, IRoleDirectory roles, TimeProvider clock)
    : ICommandHandler<AddMember, MembershipDto>
{
    public async Task<MembershipDto> Handle(AddMember command, CancellationToken cancellationToken)
    {
        var organization = await db.FindOrganizationAsync(command.OrganizationId, cancellationToken);
        if (!await users.ExistsAsync(command.UserId, cancellationToken))
        {
            throw new NotFoundException("user");
        }

        // Also a unique index, for two adds at once.
        if (await db.Memberships.AnyAsync(m => m.OrganizationId == organization.Id && m.UserId == command.UserId, cancellationToken))
        {
            throw new DomainException("already_member", "The user is already a member of this organization.", "user_id");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var membership = Membership.Create(organization, command.UserId, await roles.RequireRolesAsync(command.RoleIds, cancellationToken), now);
        membership.SetStatus(command.Status, now);
        db.Memberships.Add(membership);
        return await roles.ToDtoAsync(membership, cancellationToken);
    }
}
