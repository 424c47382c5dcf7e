using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Domain.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>
/// A signed-in user spends an invitation's token and becomes a member with the invited roles. The
/// user's email must be verified and be the invited address: the link alone proves nothing about who
/// is signed in. Single-use: two accepts at once conflict on the invitation, and only one commits.
/// </summary>
public sealed record AcceptInvitation(string Token, Guid UserId) : ICommand<MembershipDto>;

internal sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitation>
{
    public AcceptInvitationValidator() => RuleFor(c => c.Token).MustBeEmailToken();
}

internal sealed class AcceptInvitationHandler(IOrganizationsData db, IUserDirectory users, IRoleDirectory roles, TimeProvider clock)
    : ICommandHandler<AcceptInvitation, MembershipDto>
{
    public async Task<MembershipDto> Handle(AcceptInvitation command, CancellationToken cancellationToken)
    {
        var invitation = await db.FindByTokenAsync(command.Token, tracked: true, cancellationToken) ?? throw InvitationTokens.Invalid();
        var now = clock.GetUtcNow().UtcDateTime;
        if (invitation.StatusAt(now) != InvitationStatus.Pending)
        {
            // The domain names the state (accepted, revoked, expired).
            invitation.Accept(command.UserId, now);
        }

        var user = await users.FindActiveAsync(command.UserId, cancellationToken) ?? throw new NotFoundException("user");
        if (Invitation.Normalize(user.Email) != invitation.NormalizedEmail)
        {
            throw new DomainException("email_mismatch", "This invitation was sent to another email address. Sign in with the invited address to accept it.");
        }

        if (!user.EmailVerified)
        {
            throw new DomainException("email_unverified", "Verify your email address first, then accept the invitation.");
        }

        var organization = await db.FindOrganizationAsync(invitation.OrganizationId, cancellationToken);
        if (await db.Memberships.AnyAsync(m => m.OrganizationId == organization.Id && m.UserId == user.Id, cancellationToken))
        {
            throw new DomainException("already_member", "You are already a member of this organization.");
        }

        invitation.Accept(user.Id, now);
        var membership = Membership.Create(organization, user.Id, invitation.RoleIds, now);
        db.Memberships.Add(membership);
        return await roles.ToDtoAsync(membership, cancellationToken);
    }
}
