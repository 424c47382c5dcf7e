using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>Spends a verification link's token and marks the address verified.</summary>
public sealed record VerifyEmail(string Token) : ICommand<UserDto>, IRetryOnConflict;

internal sealed class VerifyEmailValidator : AbstractValidator<VerifyEmail>
{
    public VerifyEmailValidator() => RuleFor(c => c.Token).MustBeEmailToken();
}

internal sealed class VerifyEmailHandler(IIdentityData db, EmailTokens tokens, TimeProvider clock) : ICommandHandler<VerifyEmail, UserDto>
{
    public async Task<UserDto> Handle(VerifyEmail command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (token, user) = await tokens.SpendAsync(command.Token, UserTokenPurpose.EmailVerification, now, cancellationToken);
        user.VerifyEmail(now);
        await db.UserTokens.Where(t => t.UserId == user.Id && t.Purpose == UserTokenPurpose.EmailVerification && t.Id != token.Id && t.UsedAt == null)
            .ForEachAsync(t => t.TryUse(user, now), cancellationToken);
        return UserDto.From(user);
    }
}
