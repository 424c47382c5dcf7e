using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Sessions;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

/// <summary>
/// Changes a user's profile and status: what <paramref name="Changes"/> leaves out keeps its current
/// value (the API's PATCH); the dashboard's form sends it all. Read, merged and saved in one unit of
/// work, and run again on a lost race, so two concurrent updates merge instead of losing one another's fields. A changed email is unverified
/// unless the changes say otherwise, and is sent a verification link pointing at <paramref name="BaseUrl"/>
/// (the environment's issuer). A <paramref name="Password"/> is set as <see cref="SetUserPassword"/> does, in the same save.
/// </summary>
public sealed record UpdateUser(Guid Id, UserChanges Changes, string BaseUrl, string? Password = null) : ICommand<UserDto>, IRetryOnConflict;

internal sealed class UpdateUserValidator : AbstractValidator<UpdateUser>
{
    public UpdateUserValidator()
    {
        RuleFor(c => c.Changes).NotNull().SetValidator(new UserChangesValidator());
        RuleFor(c => c.BaseUrl).MustBeBaseUrl();
        RuleFor(c => c.Password!).MustBeAcceptablePassword().When(c => c.Password is not null);
    }
}

/// <summary>The profile's rules on what the changes carry: an absent field reads null, which every rule accepts.</summary>
internal sealed class UserChangesValidator : AbstractValidator<UserChanges>
{
    public UserChangesValidator()
    {
        RuleFor(c => c.Email!).MustBeDeliverableEmail().When(c => c.Email is not null);
        RuleFor(c => c.Username.Value).MustBeUsername().OverridePropertyName(nameof(UserChanges.Username));
        RuleFor(c => c.GivenName.Value).MustBePersonName().OverridePropertyName(nameof(UserChanges.GivenName));
        RuleFor(c => c.FamilyName.Value).MustBePersonName().OverridePropertyName(nameof(UserChanges.FamilyName));
        RuleFor(c => c.Status).IsInEnum();
    }
}

internal sealed class UpdateUserHandler(IIdentityData db, IPasswordHasher hasher, EmailTokens tokens, TimeProvider clock)
    : ICommandHandler<UpdateUser, UserDto>
{
    public async Task<UserDto> Handle(UpdateUser command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.Id, cancellationToken);
        var profile = command.Changes.ProfileOf(user);
        await db.EnsureAvailableAsync(profile, user.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var previousEmail = user.NormalizedEmail;
        user.UpdateProfile(profile, now);
        user.SetStatus(command.Changes.Status ?? user.Status, now);
        if (user.NormalizedEmail != previousEmail && !user.EmailVerified && user.IsActive)
        {
            tokens.SendVerification(user, command.BaseUrl);
        }

        if (command.Password is not null)
        {
            await PasswordChange.ApplyAsync(db, hasher, user, command.Password, now, cancellationToken);
        }
        else if (!user.IsActive)
        {
            await db.RevokeSessionsOfAsync(user.Id, now, cancellationToken);
        }

        return UserDto.From(user);
    }
}
