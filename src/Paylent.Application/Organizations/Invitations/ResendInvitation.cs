using FluentValidation;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Organizations.Organizations;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>Emails a pending invitation again with a new token (the old link stops working) and a fresh lifetime.</summary>
public sealed record ResendInvitation(Guid OrganizationId, Guid Id, string BaseUrl) : ICommand<InvitationDto>;

internal sealed class ResendInvitationValidator : AbstractValidator<ResendInvitation>
{
    public ResendInvitationValidator() => RuleFor(c => c.BaseUrl).MustBeBaseUrl();
}

internal sealed class ResendInvitationHandler(IOrganizationsData db, IRoleDirectory roles, InvitationEmails emails, TimeProvider clock)
    : ICommandHandler<ResendInvitation, InvitationDto>
{
    public async Task<InvitationDto> Handle(ResendInvitation command, CancellationToken cancellationToken)
    {
        var invitation = await db.FindInvitationAsync(command.OrganizationId, command.Id, cancellationToken);
        var organization = await db.FindOrganizationAsync(command.OrganizationId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var (token, hash) = InvitationEmails.NewToken();
        invitation.Resend(hash, now);
        emails.Send(invitation, organization, token, command.BaseUrl);
        return await roles.ToDtoAsync(invitation, now, cancellationToken);
    }
}
