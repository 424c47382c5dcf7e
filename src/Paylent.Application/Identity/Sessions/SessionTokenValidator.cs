using FluentValidation;

namespace Paylent.Application.Identity.Sessions;

internal sealed class SessionTokenValidator : AbstractValidator<AuthenticateSession>
{
    public SessionTokenValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(128);
}
