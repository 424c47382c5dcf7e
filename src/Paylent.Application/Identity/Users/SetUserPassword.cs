using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;

namespace Paylent.Application.Identity.Users;

/// <summary>An admin sets a user's password; every session of the user ends.</summary>
public sealed record SetUserPassword(Guid Id, string Password) : ICommand<UserDto>, IRetryOnConflict;

internal sealed class SetUserPasswordValidator : AbstractValidator<SetUserPassword>
{
    public SetUserPasswordValidator() => RuleFor(c => c.Password).MustBeAcceptablePassword();
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
