using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Recovery;
using Paylent.Application.Identity.Sessions;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

/// <summary>
/// Replaces a user's profile and status. A changed email is unverified unless the profile says otherwise.
/// A <see cref="Password"/> is set as <see cref="SetUserPassword"/> does, in the same save (the API's PATCH).
/// A new, unverified email is sent a verification link pointing at <see cref="BaseUrl"/> (the environment's issuer).
/// </summary>
public sealed record UpdateUser(Guid Id, UserProfile Profile, UserStatus Status, string BaseUrl, string? Password = null) : ICommand<UserDto>;

internal sealed class UpdateUserValidator : AbstractValidator<UpdateUser>
{
    public UpdateUserValidator()
    {
        RuleFor(c => c.Profile).NotNull().SetValidator(new UserProfileValidator());
        RuleFor(c => c.Status).IsInEnum();
        RuleFor(c => c.BaseUrl).MustBeBaseUrl();
        RuleFor(c => c.Password!).MustBeAcceptablePassword().When(c => c.Password is not null);
    }
}

internal sealed class UpdateUserHandler(IIdentityData db, IPasswordHasher hasher, EmailTokens tokens, TimeProvider clock)
    : ICommandHandler<UpdateUser, UserDto>
{
    public async Task<UserDto> Handle(UpdateUser command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.Id, cancellationToken);
        await db.EnsureAvailableAsync(command.Profile, user.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var previousEmail = user.NormalizedEmail;
        user.UpdateProfile(command.Profile, now);
        user.SetStatus(command.Status, now);
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
