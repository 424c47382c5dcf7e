using System.ComponentModel.DataAnnotations;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>A user's profile as the dashboard's forms post it. Parsing only; the rules are the use case's.</summary>
public class UserProfileForm
{
    public string? Email { get; set; }

    public string? Username { get; set; }

    [Display(Name = "Given name")]
    public string? GivenName { get; set; }

    [Display(Name = "Family name")]
    public string? FamilyName { get; set; }

    public UserProfile ToProfile() => new(Email ?? string.Empty, Username, GivenName, FamilyName);
}

/// <summary>The create form: a profile and, optionally, a first password.</summary>
public sealed class NewUserForm : UserProfileForm
{
    public string? Password { get; set; }
}

/// <summary>The details form: the profile and whether the user may sign in.</summary>
public sealed class EditUserForm : UserProfileForm
{
    public UserStatus Status { get; set; } = UserStatus.Active;

    public static EditUserForm From(UserDto user) => new()
    {
        Email = user.Email,
        Username = user.Username,
        GivenName = user.GivenName,
        FamilyName = user.FamilyName,
        Status = user.Status,
    };
}

public sealed class SetPasswordForm
{
    public string? Password { get; set; }
}
