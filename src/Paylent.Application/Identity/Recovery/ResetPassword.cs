using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>
/// Spends a reset link's token, sets the new password and ends every session of the user. A link posted
/// twice at once is spent once: the other request runs again and finds it used.
/// </summary>
public sealed record ResetPassword(string Token, string NewPassword) : ICommand<UserDto>, IRetryOnConflict;

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPassword>
{
    public ResetPasswordValidator()
    {
        RuleFor(c => c.Token).MustBeEmailToken();
        RuleFor(c => c.NewPassword).MustBeAcceptablePassword();
    }
}

internal sealed class ResetPasswordHandler(IIdentityData db, EmailTokens tokens, IPasswordHasher hasher, TimeProvider clock)
    : ICommandHandler<ResetPassword, UserDto>
{
    public async Task<UserDto> Handle(ResetPassword command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (_, user) = await tokens.SpendAsync(command.Token, UserTokenPurpose.PasswordReset, now, cancellationToken);
        if (!user.IsActive)
        {
            // A link sent before an admin disabled the user must not bring the account back to life.
            throw EmailTokens.Invalid();
        }

        user.ChangePassword(hasher.Hash(command.NewPassword), now);

        // The link reached the user's inbox, which proves the address as well as a verification link would.
        user.VerifyEmail(now);
        await db.UserTokens.Where(t => t.UserId == user.Id && t.Purpose == UserTokenPurpose.PasswordReset && t.UsedAt == null)
            .ForEachAsync(t => t.TryUse(user, now), cancellationToken);
        await db.RevokeSessionsOfAsync(user.Id, now, cancellationToken);
        return UserDto.From(user);
    }
}
