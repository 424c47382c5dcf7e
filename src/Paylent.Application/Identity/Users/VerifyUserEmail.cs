using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Identity.Users;

/// <summary>An admin vouches for a user's email address.</summary>
public sealed record VerifyUserEmail(Guid Id) : ICommand<UserDto>;

internal sealed class VerifyUserEmailHandler(IIdentityData db, TimeProvider clock) : ICommandHandler<VerifyUserEmail, UserDto>
{
    public async Task<UserDto> Handle(VerifyUserEmail command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.Id, cancellationToken);
        user.VerifyEmail(clock.GetUtcNow().UtcDateTime);
        return UserDto.From(user);
    }
}
