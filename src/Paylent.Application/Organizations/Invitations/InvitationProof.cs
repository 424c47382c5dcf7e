using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>The module's <see cref="IInvitationProof"/>: a pending invitation, as of now, to that very address.</summary>
internal sealed class InvitationProof(IOrganizationsData db, TimeProvider clock) : IInvitationProof
{
    public async Task<bool> ProvesEmailAsync(string token, string email, CancellationToken cancellationToken) =>
        await db.FindByTokenAsync(token, tracked: false, cancellationToken) is { } invitation
        && invitation.StatusAt(clock.GetUtcNow().UtcDateTime) == InvitationStatus.Pending
        && invitation.NormalizedEmail == Invitation.Normalize(email);
}
