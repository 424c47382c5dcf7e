using Paylent.Domain.Common;

namespace Paylent.Domain.Identity;

/// <summary>
/// An end user of an environment. The email is unique per environment, compared case-insensitively
/// through <see cref="NormalizedEmail"/>; the password is optional (later sign-in methods need none).
/// </summary>
[Audited("user")]
public sealed class User : AggregateRoot, IEnvironmentScoped, ILockable
{
    public const int MaxEmailLength = 254;
    public const int MaxUsernameLength = 64;
    public const int MaxNameLength = 100;

    /// <summary>Also recorded for attempts on unknown emails and locked users, which change no user.</summary>
    public const string SignInFailedAction = "user.sign_in_failed";

    /// <summary>A failure at or past the lockout threshold (<see cref="LockoutPolicy"/>) locked the user for a while.</summary>
    public const string LockedAction = "user.locked";

    private const string Created = "user.created";
    private const string Updated = "user.updated";

    private User(Guid environmentId, string email, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        Email = email;
        NormalizedEmail = Normalize(email);
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string Email { get; private set; }

    /// <summary>The lookup and uniqueness key: the email, lower-cased.</summary>
    [NotAudited]
    public string NormalizedEmail { get; private set; }

    public string? Username { get; private set; }

    [NotAudited]
    public string? NormalizedUsername { get; private set; }

    public string? GivenName { get; private set; }

    public string? FamilyName { get; private set; }

    public bool EmailVerified { get; private set; }

    public UserStatus Status { get; private set; } = UserStatus.Active;

    [Secret]
    public string? PasswordHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    [NotAudited]
    public DateTime UpdatedAt { get; private set; }

    [NotAudited]
    public DateTime? LastSignedInAt { get; private set; }

    /// <summary>Failed password sign-ins since the last success; drives <see cref="LockoutPolicy"/>.</summary>
    [NotAudited]
    public int FailedSignIns { get; private set; }

    [NotAudited]
    public DateTime? LockedUntil { get; private set; }

    public bool IsActive => Status == UserStatus.Active;

    public bool HasPassword => PasswordHash is not null;

    public string? FullName => FullNameOf(GivenName, FamilyName);

    /// <summary>The given and family names joined, null when there are none (OIDC <c>name</c>).</summary>
    public static string? FullNameOf(string? givenName, string? familyName) =>
        string.Join(' ', new[] { givenName, familyName }.Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } name ? name : null;

    public static string Normalize(string value) => value.Trim().ToLowerInvariant();

    public static User Create(Guid environmentId, UserProfile profile, string? passwordHash, DateTime now)
    {
        var user = new User(environmentId, profile.Email.Trim(), now) { PasswordHash = passwordHash };

        // Named first: a profile created verified also raises user.email_verified, which would replace the default action.
        user.Raise(new UserEvent(Created));
        user.ApplyProfile(profile);
        return user;
    }

    /// <summary>Changes the profile; a new email address is unverified until proven (unless an admin says otherwise).</summary>
    public void UpdateProfile(UserProfile profile, DateTime now)
    {
        var before = (Email, Username, GivenName, FamilyName, EmailVerified);
        var email = profile.Email.Trim();
        if (Normalize(email) != NormalizedEmail)
        {
            EmailVerified = false;
        }

        Email = email;
        NormalizedEmail = Normalize(email);
        ApplyProfile(profile);
        UpdatedAt = now;
        if (before != (Email, Username, GivenName, FamilyName, EmailVerified))
        {
            RaiseUpdated();
        }
    }

    public void VerifyEmail(DateTime now)
    {
        if (EmailVerified)
        {
            return;
        }

        EmailVerified = true;
        UpdatedAt = now;
        Raise(new UserEvent("user.email_verified"));
    }

    public void ChangePassword(string passwordHash, DateTime now)
    {
        PasswordHash = passwordHash;
        FailedSignIns = 0;
        LockedUntil = null;
        UpdatedAt = now;
        Raise(new UserEvent("user.password_changed"));
    }

    public void Disable(DateTime now) => SetStatus(UserStatus.Disabled, now);

    public void Enable(DateTime now) => SetStatus(UserStatus.Active, now);

    public void SetStatus(UserStatus status, DateTime now)
    {
        if (Status != status)
        {
            Status = status;
            UpdatedAt = now;
            RaiseUpdated();
        }
    }

    public bool IsLockedOut(DateTime now) => LockedUntil > now;

    /// <param name="upgradedHash">A hash with the current parameters, when the stored one is outdated.</param>
    /// <remarks>
    /// The failure count and the lock are cleared by a statement of their own (the application's sign-in
    /// attempts), not by this save: it writes only what changed from what the request read, so a count
    /// written back here would hide a lock a concurrent attempt set in between.
    /// </remarks>
    public void RecordSignIn(DateTime now, string? upgradedHash)
    {
        LastSignedInAt = now;
        if (upgradedHash is not null)
        {
            PasswordHash = upgradedHash;
        }

        Raise(new UserEvent("user.signed_in"));
    }

    /// <summary>
    /// A named event replaces the default <c>user.updated</c> action, so an update that comes with one
    /// (a verified email, a new password) names itself too, once per save.
    /// </summary>
    private void RaiseUpdated()
    {
        if (!DomainEvents.Any(e => e.Action == Updated))
        {
            Raise(new UserEvent(Updated));
        }
    }

    private void ApplyProfile(UserProfile profile)
    {
        Username = string.IsNullOrWhiteSpace(profile.Username) ? null : profile.Username.Trim();
        NormalizedUsername = Username is null ? null : Normalize(Username);
        GivenName = string.IsNullOrWhiteSpace(profile.GivenName) ? null : profile.GivenName.Trim();
        FamilyName = string.IsNullOrWhiteSpace(profile.FamilyName) ? null : profile.FamilyName.Trim();
        if (profile.EmailVerified is { } verified && verified != EmailVerified)
        {
            EmailVerified = verified;
            if (verified)
            {
                Raise(new UserEvent("user.email_verified"));
            }
        }
    }
}

public enum UserStatus
{
    Active,
    Disabled,
}

/// <summary>The editable facts of a user. <see cref="EmailVerified"/> null leaves the flag as the rules set it.</summary>
public sealed record UserProfile(string Email, string? Username, string? GivenName, string? FamilyName, bool? EmailVerified = null);

/// <summary>Something that happened to a user, named by its audit action.</summary>
public sealed record UserEvent(string Action) : IDomainEvent;
