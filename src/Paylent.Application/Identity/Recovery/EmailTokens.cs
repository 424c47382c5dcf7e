using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Security;
using Paylent.Application.Email.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>Issues, sends and spends the single-use tokens of emailed links.</summary>
internal sealed class EmailTokens(IIdentityData db, IEmailOutbox outbox, TimeProvider clock)
{
    public const string InvalidToken = "invalid_token";

    /// <summary>One email of a kind per user per interval, so no form can be used to flood someone's inbox.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(1);

    /// <summary>Emails a link to <c>/verify-email</c> proving the user's current address.</summary>
    public void SendVerification(User user, string baseUrl) =>
        outbox.Enqueue(IdentityEmails.Verification(user.Email, LinkEmails.Link(baseUrl, "/verify-email", Issue(user, UserTokenPurpose.EmailVerification))));

    /// <summary>Emails a link to <c>/reset-password</c>.</summary>
    public void SendPasswordReset(User user, string baseUrl) =>
        outbox.Enqueue(IdentityEmails.PasswordReset(user.Email, LinkEmails.Link(baseUrl, "/reset-password", Issue(user, UserTokenPurpose.PasswordReset))));

    public Task<bool> SentRecentlyAsync(Guid userId, UserTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime - ResendInterval;
        return db.UserTokens.AnyAsync(t => t.UserId == userId && t.Purpose == purpose && t.CreatedAt > since, cancellationToken);
    }


    // The user is written too (its version), so of two sends at once for one user one fails its save and,
    // run again, finds the other's link sent less than a minute ago: the interval holds under parallel posts.
    private string Issue(User user, UserTokenPurpose purpose)
    {
        user.BumpVersion();
        var token = Secrets.NewToken();
        db.UserTokens.Add(UserToken.Issue(user, purpose, Secrets.Hash(token), clock.GetUtcNow().UtcDateTime));
        return token;
    }

    public static DomainException Invalid() => new(InvalidToken, "This link is invalid, was already used, or has expired. Ask for a new one.");

    /// <summary>The token's user, with the token marked used; a used, expired, stale or unknown token is refused.</summary>
    public async Task<(UserToken Token, User User)> SpendAsync(string presented, UserTokenPurpose purpose, DateTime now, CancellationToken cancellationToken)
    {
        var (token, user) = await FindAsync(presented, purpose, cancellationToken);
        if (token is null || user is null || !token.TryUse(user, now))
        {
            throw Invalid();
        }

        return (token, user);
    }

    /// <summary>Whether the presented token would be spent now for an active user, without spending it.</summary>
    public async Task<bool> IsUsableAsync(string presented, UserTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var (token, user) = await FindAsync(presented, purpose, cancellationToken);
        return token is not null && user is { IsActive: true } && token.IsUsable(user, clock.GetUtcNow().UtcDateTime);
    }

    private async Task<(UserToken? Token, User? User)> FindAsync(string presented, UserTokenPurpose purpose, CancellationToken cancellationToken)
    {
        // Only the hash reaches the database: whatever the link carries, the query sees 64 hex digits.
        var hash = Secrets.Hash(presented);
        var token = await db.UserTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, cancellationToken);
        var user = token is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == token.UserId, cancellationToken);
        return (token, user);
    }
}
