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
/// Invites an email address into an organization with roles, and emails it the link to accept.
/// <see cref="InviterUserId"/> is the member inviting, who can only grant roles it holds in that
/// organization; null is an environment admin (the dashboard, the management API), who can grant any.
/// </summary>
/// <param name="BaseUrl">The environment's issuer, which the link points at.</param>
public sealed record CreateInvitation(
    Guid OrganizationId, string Email, IReadOnlyList<Guid> RoleIds, int? LifetimeDays, string BaseUrl, Guid? InviterUserId = null)
    : ICommand<InvitationDto>, IRetryOnConflict;

internal sealed class CreateInvitationValidator : AbstractValidator<CreateInvitation>
{
    public CreateInvitationValidator()
    {
        RuleFor(c => c.Email).MustBeDeliverableEmail();
        RuleFor(c => c.RoleIds).Must(ids => ids.Count <= OrganizationLimits.MaxRolesPerRequest)
            .WithMessage($"Give at most {OrganizationLimits.MaxRolesPerRequest} roles.");
        RuleFor(c => c.LifetimeDays).InclusiveBetween(1, Invitation.MaxLifetimeDays);
        RuleFor(c => c.BaseUrl).MustBeBaseUrl();
    }
}

internal sealed class CreateInvitationHandler(
    IOrganizationsData db, IUserDirectory users, IRoleDirectory roles, InvitationEmails emails, TimeProvider clock)
    : ICommandHandler<CreateInvitation, InvitationDto>
{
    public async Task<InvitationDto> Handle(CreateInvitation command, CancellationToken cancellationToken)
    {
        var organization = await db.FindOrganizationAsync(command.OrganizationId, cancellationToken);
        var roleIds = await roles.RequireRolesAsync(command.RoleIds, cancellationToken);
        if (command.InviterUserId is { } inviter)
        {
            await EnsureInviterHoldsAsync(organization.Id, inviter, roleIds, cancellationToken);
        }

        if (await users.FindIdByEmailAsync(command.Email, cancellationToken) is { } existing
            && await db.Memberships.AnyAsync(m => m.OrganizationId == organization.Id && m.UserId == existing, cancellationToken))
        {
            throw new DomainException("already_member", "A user with this email address is already a member of the organization.", "email");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var normalized = Invitation.Normalize(command.Email);
        var pending = await db.Invitations.Where(i => i.OrganizationId == organization.Id && i.NormalizedEmail == normalized && i.Status == InvitationStatus.Pending)
            .ToListAsync(cancellationToken);
        if (pending.Any(i => i.StatusAt(now) == InvitationStatus.Pending))
        {
            throw new DomainException("already_invited", "This email address already has a pending invitation to the organization: resend it instead.", "email");
        }

        // At most one pending invitation per address and organization is also a unique index, which
        // settles two concurrent invitations (the second is a 409); one past its expiry steps aside first.
        foreach (var lapsed in pending)
        {
            lapsed.MarkExpired(now);
        }

        var (token, hash) = InvitationEmails.NewToken();
        var invitation = Invitation.Issue(organization, command.Email, roleIds, hash, command.LifetimeDays, command.InviterUserId, now);
        db.Invitations.Add(invitation);
        emails.Send(invitation, organization, token, command.BaseUrl);
        return await roles.ToDtoAsync(invitation, now, cancellationToken);
    }

    private async Task EnsureInviterHoldsAsync(Guid organizationId, Guid inviter, IReadOnlyList<Guid> roleIds, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.AsNoTracking()
            .SingleOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == inviter && m.Status == MembershipStatus.Active, cancellationToken);
        if (membership is null)
        {
            throw new DomainException("not_a_member", "Only an active member of the organization can invite into it.");
        }

        if (roleIds.Except(membership.RoleIds).Any())
        {
            throw new DomainException("roles_not_held", "An inviter can only grant organization roles it holds in this organization.", "roles");
        }
    }
}
