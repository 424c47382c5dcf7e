using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>
/// The work behind <see cref="RequestPasswordReset"/>, run after the request has been answered:
/// emails a reset link to an active user with that address, at most once per
/// <see cref="EmailTokens.ResendInterval"/>; does nothing for any other address.
/// </summary>
public sealed record EmailPasswordResetLink(string Email, string BaseUrl) : ICommand<bool>, IRetryOnConflict;

internal sealed class EmailPasswordResetLinkHandler(IIdentityData db, EmailTokens tokens) : ICommandHandler<EmailPasswordResetLink, bool>
{
    public async Task<bool> Handle(EmailPasswordResetLink command, CancellationToken cancellationToken)
    {
        var email = User.Normalize(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == email, cancellationToken);
        if (user is null || !user.IsActive || await tokens.SentRecentlyAsync(user.Id, UserTokenPurpose.PasswordReset, cancellationToken))
        {
            return false;
        }

        tokens.SendPasswordReset(user, command.BaseUrl);
        return true;
    }
}
