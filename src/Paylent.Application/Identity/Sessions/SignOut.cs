using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;

namespace Paylent.Application.Identity.Sessions;

/// <summary>Ends the session a cookie belongs to; an unknown or ended one is fine.</summary>
public sealed record SignOut(string Token) : ICommand<bool>;

internal sealed class SignOutValidator : AbstractValidator<SignOut>
{
    public SignOutValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(128);
}

internal sealed class SignOutHandler(IIdentityData db, TimeProvider clock) : ICommandHandler<SignOut, bool>
{
    public async Task<bool> Handle(SignOut command, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(command.Token);
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
        session?.Revoke(clock.GetUtcNow().UtcDateTime);
        return session is not null;
    }
}
