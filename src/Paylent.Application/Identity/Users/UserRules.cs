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
        RuleFor(p => p.Username).MaximumLength(User.MaxUsernameLength)
            .Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$").WithMessage("A username is letters, digits, dots, hyphens and underscores, starting with a letter or digit.")
            .When(p => !string.IsNullOrEmpty(p.Username));
        RuleFor(p => p.GivenName).MaximumLength(User.MaxNameLength).MustBePrintable();
        RuleFor(p => p.FamilyName).MaximumLength(User.MaxNameLength).MustBePrintable();
    }
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
