using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;

namespace Paylent.Application.Tenancy.AdminSessions;

/// <summary>Ends the dashboard session a cookie belongs to, so every copy of that cookie stops working; an unknown or ended one is fine.</summary>
public sealed record SignOutAdmin(string Token) : ICommand<bool>;

internal sealed class SignOutAdminValidator : AbstractValidator<SignOutAdmin>
{
    public SignOutAdminValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(128);
}

internal sealed class SignOutAdminHandler(ITenancyData db, TimeProvider clock) : ICommandHandler<SignOutAdmin, bool>
{
    public async Task<bool> Handle(SignOutAdmin command, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(command.Token);
        var session = await db.AdminSessions.SingleOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
        session?.SignOut(clock.GetUtcNow().UtcDateTime);
        return session is not null;
    }
}
