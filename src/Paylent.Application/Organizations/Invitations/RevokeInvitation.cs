using Paylent.Application.Access.Contracts;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>Withdraws a pending invitation: its link stops working; it stays listed as revoked.</summary>
public sealed record RevokeInvitation(Guid OrganizationId, Guid Id) : ICommand<InvitationDto>, IRetryOnConflict;

internal sealed class RevokeInvitationHandler(IOrganizationsData db, IRoleDirectory roles, TimeProvider clock) : ICommandHandler<RevokeInvitation, InvitationDto>
{
    public async Task<InvitationDto> Handle(RevokeInvitation command, CancellationToken cancellationToken)
    {
        var invitation = await db.FindInvitationAsync(command.OrganizationId, command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        invitation.Revoke(now);
        return await roles.ToDtoAsync(invitation, now, cancellationToken);
    }
}
