using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Contracts;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

/// <summary>An admin or the API creates a user, with or without a password.</summary>
public sealed record CreateUser(UserProfile Profile, string? Password) : ICommand<UserDto>, IRetryOnConflict;

internal sealed class CreateUserValidator : AbstractValidator<CreateUser>
{
    public CreateUserValidator()
    {
        RuleFor(c => c.Profile).NotNull().SetValidator(new UserProfileValidator());
        RuleFor(c => c.Password!).MustBeAcceptablePassword().When(c => c.Password is not null);
    }
}

internal sealed class CreateUserHandler(IIdentityData db, IPasswordHasher hasher, IModuleEvents events, EnvironmentContext scope, TimeProvider clock)
    : ICommandHandler<CreateUser, UserDto>
{
    public async Task<UserDto> Handle(CreateUser command, CancellationToken cancellationToken)
    {
        await db.EnsureAvailableAsync(command.Profile, null, cancellationToken);
        var passwordHash = command.Password is null ? null : hasher.Hash(command.Password);
        var user = User.Create(scope.RequiredEnvironmentId, command.Profile, passwordHash, clock.GetUtcNow().UtcDateTime);
        db.Users.Add(user);
        events.Raise(new UserCreated(user.Id));
        return UserDto.From(user);
    }
}
