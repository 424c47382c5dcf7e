using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

/// <summary>Shape rules for a user's profile, shared by sign-up, the API and the dashboard.</summary>
internal sealed class UserProfileValidator : AbstractValidator<UserProfile>
{
    public UserProfileValidator()
    {
        RuleFor(p => p.Email).MustBeDeliverableEmail();
        RuleFor(p => p.Username).MustBeUsername();
        RuleFor(p => p.GivenName).MustBePersonName();
        RuleFor(p => p.FamilyName).MustBePersonName();
    }
}

/// <summary>The profile's field rules, for whole profiles and for the fields a partial update carries.</summary>
internal static partial class UserFieldRules
{
    public static IRuleBuilderOptions<T, string?> MustBeUsername<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(User.MaxUsernameLength)
            .Must(username => string.IsNullOrEmpty(username) || UsernamePattern().IsMatch(username))
            .WithMessage("A username is letters, digits, dots, hyphens and underscores, starting with a letter or digit.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex UsernamePattern();

    public static IRuleBuilderOptions<T, string?> MustBePersonName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(User.MaxNameLength).MustBePrintable();
}

internal static class UserUniqueness
{
    /// <summary>Refuses an email or username another user of the environment already has.</summary>
    public static async Task EnsureAvailableAsync(this IIdentityData db, UserProfile profile, Guid? exceptUserId, CancellationToken cancellationToken)
    {
        var email = User.Normalize(profile.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == email && u.Id != exceptUserId, cancellationToken))
        {
            throw new DomainException("email_taken", "Another user has this email address.", nameof(UserProfile.Email));
        }

        if (!string.IsNullOrWhiteSpace(profile.Username))
        {
            var username = User.Normalize(profile.Username);
            if (await db.Users.AnyAsync(u => u.NormalizedUsername == username && u.Id != exceptUserId, cancellationToken))
            {
                throw new DomainException("username_taken", "Another user has this username.", nameof(UserProfile.Username));
            }
        }
    }
}
