using FluentValidation;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Identity.Recovery;

/// <summary>
/// Asks for a password-reset link to be emailed if the address belongs to an active user. The answer
/// is the same either way and comes before anything about the address is looked up: the lookup, the
/// link and the email happen afterwards (<see cref="EmailPasswordResetLink"/>), so neither the answer
/// nor its timing tells which addresses have accounts.
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

internal sealed class RequestPasswordResetHandler(IBackgroundCommands background) : ICommandHandler<RequestPasswordReset, bool>
{
    public Task<bool> Handle(RequestPasswordReset command, CancellationToken cancellationToken)
    {
        background.Enqueue(new EmailPasswordResetLink(command.Email, command.BaseUrl));
        return Task.FromResult(true);
    }
}
