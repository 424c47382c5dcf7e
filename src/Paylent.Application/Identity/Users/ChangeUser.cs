using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Contracts;
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

/// <summary>An admin sets a user's password; every session of the user ends.</summary>
public sealed record SetUserPassword(Guid Id, string Password) : ICommand<UserDto>;

/// <summary>An admin vouches for a user's email address.</summary>
public sealed record VerifyUserEmail(Guid Id) : ICommand<UserDto>;

public sealed record DeleteUser(Guid Id) : ICommand<bool>;

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

internal sealed class SetUserPasswordValidator : AbstractValidator<SetUserPassword>
{
    public SetUserPasswordValidator() => RuleFor(c => c.Password).MustBeAcceptablePassword();
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

internal sealed class SetUserPasswordHandler(IIdentityData db, IPasswordHasher hasher, TimeProvider clock)
    : ICommandHandler<SetUserPassword, UserDto>
{
    public async Task<UserDto> Handle(SetUserPassword command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.Id, cancellationToken);
        await PasswordChange.ApplyAsync(db, hasher, user, command.Password, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return UserDto.From(user);
    }
}

internal static class PasswordChange
{
    /// <summary>An admin's new password for a user: whoever was signed in with the old one is signed out.</summary>
    public static async Task ApplyAsync(IIdentityData db, IPasswordHasher hasher, User user, string password, DateTime now, CancellationToken cancellationToken)
    {
        user.ChangePassword(hasher.Hash(password), now);
        await db.RevokeSessionsOfAsync(user.Id, now, cancellationToken);
    }
}

internal sealed class VerifyUserEmailHandler(IIdentityData db, TimeProvider clock) : ICommandHandler<VerifyUserEmail, UserDto>
{
    public async Task<UserDto> Handle(VerifyUserEmail command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.Id, cancellationToken);
        user.VerifyEmail(clock.GetUtcNow().UtcDateTime);
        return UserDto.From(user);
    }
}

internal sealed class DeleteUserHandler(IIdentityData db, IModuleEvents events, TimeProvider clock) : ICommandHandler<DeleteUser, bool>
{
    public async Task<bool> Handle(DeleteUser command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.Id, cancellationToken);

        // Revoked first, so the trail and token checks see the sessions end, then removed with the user.
        await db.RevokeSessionsOfAsync(user.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        db.Users.Remove(user);
        events.Raise(new UserDeleted(user.Id));
        return true;
    }
}

internal static class UserLookup
{
    public static async Task<User> FindAsync(IIdentityData db, Guid id, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new NotFoundException("user");
}
