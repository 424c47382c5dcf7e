using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Contracts;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>
/// What the accept page shows before the token is spent: the organization, the invited address, the
/// status as of now, and whether an account with that address exists (sign in, or sign up). Null for a
/// token that names no invitation of this environment: whatever the link carries, only its hash is
/// looked up, so a malformed token simply finds nothing.
/// </summary>
public sealed record PreviewInvitation(string Token) : IQuery<InvitationPreview?>;

public sealed record InvitationPreview(string OrganizationName, string Email, string Status, DateTime ExpiresAt, bool AccountExists);

internal sealed class PreviewInvitationHandler(IOrganizationsData db, IUserDirectory users, TimeProvider clock) : IQueryHandler<PreviewInvitation, InvitationPreview?>
{
    public async Task<InvitationPreview?> Handle(PreviewInvitation query, CancellationToken cancellationToken)
    {
        if (await db.FindByTokenAsync(query.Token, tracked: false, cancellationToken) is not { } invitation)
        {
            return null;
        }

        var organization = await db.Organizations.FindAsync([invitation.OrganizationId], cancellationToken);
        return organization is null
            ? null
            : new InvitationPreview(
                organization.Name, invitation.Email, invitation.StatusAt(clock.GetUtcNow().UtcDateTime).ToString().ToLowerInvariant(), invitation.ExpiresAt,
                await users.FindIdByEmailAsync(invitation.Email, cancellationToken) is not null);
    }
}
