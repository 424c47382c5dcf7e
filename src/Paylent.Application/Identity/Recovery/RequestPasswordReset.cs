using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>
/// Emails a password-reset link if the address belongs to an active user. The answer is the same
/// either way, so the form tells nobody which addresses have accounts.
/// </summary>
public sealed record RequestPasswordReset(string Email, string BaseUrl) : ICommand<bool>;

internal sealed class RequestPasswordResetValidator : AbstractValidator<RequestPasswordReset>
{
    public RequestPasswordResetValidator()
    {
        RuleFor(c => c.Email).MustBeEmail();
        RuleFor(c => c.BaseUrl).MustBeBaseUrl();
    }
}

internal sealed class RequestPasswordResetHandler(IIdentityData db, EmailTokens tokens)
    : ICommandHandler<RequestPasswordReset, bool>
{
    public async Task<bool> Handle(RequestPasswordReset command, CancellationToken cancellationToken)
    {
        var email = User.Normalize(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == email, cancellationToken);
        if (user is null || !user.IsActive || await tokens.SentRecentlyAsync(user.Id, UserTokenPurpose.PasswordReset, cancellationToken))
        {
            return true;
        }

        tokens.SendPasswordReset(user, command.BaseUrl);
        return true;
    }
}
