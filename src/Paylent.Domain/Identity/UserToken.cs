using Paylent.Domain.Common;

namespace Paylent.Domain.Identity;

/// <summary>
/// A single-use token sent by email: the link carries a random secret whose SHA-256 is stored here.
/// An email-verification token is bound to the address it was sent to, so it proves nothing once the
/// user's email has changed.
/// </summary>
public sealed class UserToken : Entity, IEnvironmentScoped
{
    public static readonly TimeSpan EmailVerificationLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan PasswordResetLifetime = TimeSpan.FromHours(1);

    private UserToken(Guid environmentId, Guid userId, UserTokenPurpose purpose, string tokenHash, string email, DateTime createdAt, DateTime expiresAt)
    {
        EnvironmentId = environmentId;
        UserId = userId;
        Purpose = purpose;
        TokenHash = tokenHash;
        Email = email;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid EnvironmentId { get; private set; }

    public Guid UserId { get; private set; }

    public UserTokenPurpose Purpose { get; private set; }

    public string TokenHash { get; private set; }

    /// <summary>The normalized address the token was sent to.</summary>
    public string Email { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public DateTime? UsedAt { get; private set; }

    public static UserToken Issue(User user, UserTokenPurpose purpose, string tokenHash, DateTime now) =>
        new(user.EnvironmentId, user.Id, purpose, tokenHash, user.NormalizedEmail, now, now + Lifetime(purpose));

    public static TimeSpan Lifetime(UserTokenPurpose purpose) => purpose switch
    {
        UserTokenPurpose.EmailVerification => EmailVerificationLifetime,
        UserTokenPurpose.PasswordReset => PasswordResetLifetime,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };

    /// <summary>Whether <paramref name="user"/> could spend the token now: unused, unexpired, and the address it was sent to still theirs.</summary>
    public bool IsUsable(User user, DateTime now) =>
        UsedAt is null && now < ExpiresAt && user.Id == UserId && user.NormalizedEmail == Email;

    /// <summary>Spends the token for <paramref name="user"/>; false when it is used, expired or stale.</summary>
    public bool TryUse(User user, DateTime now)
    {
        if (!IsUsable(user, now))
        {
            return false;
        }

        UsedAt = now;
        return true;
    }
}

public enum UserTokenPurpose
{
    EmailVerification,
    PasswordReset,
}
