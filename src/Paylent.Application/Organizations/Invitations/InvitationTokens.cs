using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>Finds the invitation an emailed link's token belongs to, in the current environment only.</summary>
internal static class InvitationTokens
{
    public const string InvalidToken = "invalid_token";

    public static DomainException Invalid() =>
        new(InvalidToken, "This invitation link is invalid or was replaced by a newer one. Ask for a new invitation.");

    /// <summary>
    /// Only the hash reaches the database (whatever the link carries, the query sees 43 base64url
    /// characters); the row found is then checked against the token in constant time. Another
    /// environment's token finds nothing: the query filter scopes the lookup.
    /// </summary>
    public static async Task<Invitation?> FindByTokenAsync(this IOrganizationsData db, string token, bool tracked, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(token);
        var invitations = tracked ? db.Invitations : db.Invitations.AsNoTracking();
        var invitation = await invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && Secrets.Matches(invitation.TokenHash, token) ? invitation : null;
    }
}
