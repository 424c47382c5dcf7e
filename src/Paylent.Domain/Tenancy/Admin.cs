using Paylent.Domain.Common;

namespace Paylent.Domain.Tenancy;

/// <summary>A member of an account who signs in to the dashboard.</summary>
[Audited("admin")]
public sealed class Admin : AggregateRoot, IAccountScoped, ILockable
{
    public const int MaxEmailLength = 254;

    /// <summary>Also recorded for attempts on unknown emails and locked admins, which change no admin.</summary>
    public const string SignInFailedAction = "admin.sign_in_failed";

    /// <summary>A failure at or past the lockout threshold (<see cref="LockoutPolicy"/>) locked the admin for a while.</summary>
    public const string LockedAction = "admin.locked";

    private Admin(Guid accountId, string email, string passwordHash, DateTime createdAt)
    {
        AccountId = accountId;
        Email = email;
        PasswordHash = passwordHash;
        CreatedAt = createdAt;
    }

    public Guid AccountId { get; private set; }

    /// <summary>Stored lower-cased: email addresses are compared case-insensitively.</summary>
    public string Email { get; private set; }

    [Secret]
    public string PasswordHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastSignedInAt { get; private set; }

    /// <summary>Failed sign-ins since the last success; drives <see cref="LockoutPolicy"/>, as for end users.</summary>
    [NotAudited]
    public int FailedSignIns { get; private set; }

    [NotAudited]
    public DateTime? LockedUntil { get; private set; }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static Admin Create(Account account, string email, string passwordHash, DateTime now) =>
        new(account.Id, NormalizeEmail(email), passwordHash, now);

    /// <param name="upgradedHash">A hash with the current parameters, when the stored one is outdated.</param>
    /// <remarks>The failure count and the lock are cleared by a statement of their own, as for users (<c>User.RecordSignIn</c>).</remarks>
    public void RecordSignIn(DateTime now, string? upgradedHash)
    {
        LastSignedInAt = now;
        if (upgradedHash is not null)
        {
            PasswordHash = upgradedHash;
        }

        Raise(new AdminSignedIn());
    }
}

public sealed record AdminSignedIn : IDomainEvent
{
    public string Action => "admin.signed_in";
}
