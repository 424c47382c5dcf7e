using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Recovery;

/// <summary>
/// Emails the user a single-use link proving they own their address (sign-up, email change, resend).
/// True when a link is on its way: sent now, or less than <see cref="EmailTokens.ResendInterval"/> ago
/// (then nothing more is sent); false when the address is already verified.
/// </summary>
/// <param name="BaseUrl">The environment's issuer, which the link points at.</param>
public sealed record SendEmailVerification(Guid UserId, string BaseUrl) : ICommand<bool>, IRetryOnConflict;

internal sealed class SendEmailVerificationValidator : AbstractValidator<SendEmailVerification>
{
    public SendEmailVerificationValidator() => RuleFor(c => c.BaseUrl).MustBeBaseUrl();
}

internal sealed class SendEmailVerificationHandler(IIdentityData db, EmailTokens tokens) : ICommandHandler<SendEmailVerification, bool>
{
    public async Task<bool> Handle(SendEmailVerification command, CancellationToken cancellationToken)
    {
        var user = await UserLookup.FindAsync(db, command.UserId, cancellationToken);
        if (user.EmailVerified)
        {
            return false;
        }

        if (await tokens.SentRecentlyAsync(user.Id, UserTokenPurpose.EmailVerification, cancellationToken))
        {
            return true;
        }

        tokens.SendVerification(user, command.BaseUrl);
        return true;
    }
}
