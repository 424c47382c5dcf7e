using Paylent.Domain.Common;

namespace Paylent.Domain.Identity;

/// <summary>
/// What one update changes of a user; what it leaves out (null, or an absent optional) keeps its
/// current value. Merged with the user as it is when the command runs, in the same unit of work.
/// </summary>
public sealed record UserChanges
{
    public string? Email { get; init; }

    public Optional<string?> Username { get; init; }

    public Optional<string?> GivenName { get; init; }

    public Optional<string?> FamilyName { get; init; }

    /// <summary>As in <see cref="UserProfile.EmailVerified"/>: null lets a changed email become unverified.</summary>
    public bool? EmailVerified { get; init; }

    public UserStatus? Status { get; init; }

    /// <summary>Everything replaced (a form that shows it all).</summary>
    public static UserChanges All(UserProfile profile, UserStatus status) => new()
    {
        Email = profile.Email,
        Username = profile.Username,
        GivenName = profile.GivenName,
        FamilyName = profile.FamilyName,
        EmailVerified = profile.EmailVerified,
        Status = status,
    };

    public UserProfile ProfileOf(User user) => new(
        Email ?? user.Email, Username.Or(user.Username), GivenName.Or(user.GivenName), FamilyName.Or(user.FamilyName), EmailVerified);
}
