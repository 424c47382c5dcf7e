using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Application.Email.Contracts;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>
/// Emails the user a single-use link proving they own their address (sign-up, email change, resend).
/// True when a link is on its way: sent now, or less than <see cref="EmailTokens.ResendInterval"/> ago
/// (then nothing more is sent); false when the address is already verified.
/// </summary>
/// <param name="BaseUrl">The environment's issuer, which the link points at.</param>
public sealed record SendEmailVerification(Guid UserId, string BaseUrl) : ICommand<bool>;

/// <summary>Spends a verification link's token and marks the address verified.</summary>
public sealed record VerifyEmail(string Token) : ICommand<UserDto>;

internal sealed class SendEmailVerificationValidator : AbstractValidator<SendEmailVerification>
{
    public SendEmailVerificationValidator() => RuleFor(c => c.BaseUrl).MustBeBaseUrl();
}

internal sealed class VerifyEmailValidator : AbstractValidator<VerifyEmail>
{
    public VerifyEmailValidator() => RuleFor(c => c.Token).MustBeEmailToken();
}

internal sealed class SendEmailVerificationHandler(IIdentityData db, EmailTokens tokens) : ICommandHandler<SendEmailVerification, bool>
{
    public async Task<bool> Handle(SendEmailVerification command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.UserId, cancellationToken);
        if (user.EmailVerified)
        {
            return false;
        }

        if (await tokens.SentRecentlyAsync(user.Id, UserTokenPurpose.EmailVerification, cancellationToken))
        {
            return true;
        }

        tokens.SendVerification(user, command.BaseUrl);
        return true;
    }
}

internal sealed class VerifyEmailHandler(IIdentityData db, EmailTokens tokens, TimeProvider clock) : ICommandHandler<VerifyEmail, UserDto>
{
    public async Task<UserDto> Handle(VerifyEmail command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (token, user) = await tokens.SpendAsync(command.Token, UserTokenPurpose.EmailVerification, now, cancellationToken);
        user.VerifyEmail(now);
        await db.UserTokens.Where(t => t.UserId == user.Id && t.Purpose == UserTokenPurpose.EmailVerification && t.Id != token.Id && t.UsedAt == null)
            .ForEachAsync(t => t.TryUse(user, now), cancellationToken);
        return UserDto.From(user);
    }
}

/// <summary>Issues, sends and spends the single-use tokens of emailed links.</summary>
internal sealed class EmailTokens(IIdentityData db, IEmailOutbox outbox, TimeProvider clock)
{
    public const string InvalidToken = "invalid_token";

    /// <summary>One email of a kind per user per interval, so no form can be used to flood someone's inbox.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(1);

    /// <summary>Emails a link to <c>/verify-email</c> proving the user's current address.</summary>
    public void SendVerification(User user, string baseUrl) =>
        outbox.Enqueue(IdentityEmails.Verification(user.Email, IdentityEmails.Link(baseUrl, "/verify-email", Issue(user, UserTokenPurpose.EmailVerification))));

    /// <summary>Emails a link to <c>/reset-password</c>.</summary>
    public void SendPasswordReset(User user, string baseUrl) =>
        outbox.Enqueue(IdentityEmails.PasswordReset(user.Email, IdentityEmails.Link(baseUrl, "/reset-password", Issue(user, UserTokenPurpose.PasswordReset))));

    public Task<bool> SentRecentlyAsync(Guid userId, UserTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime - ResendInterval;
        return db.UserTokens.AnyAsync(t => t.UserId == userId && t.Purpose == purpose && t.CreatedAt > since, cancellationToken);
    }


    private string Issue(User user, UserTokenPurpose purpose)
    {
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
