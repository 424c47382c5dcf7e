using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy;

/// <summary>Checks a dashboard admin's credentials and records the sign-in.</summary>
public sealed record SignInAdmin(string Email, string Password) : ICommand<SignedInAdmin>;

public sealed record SignedInAdmin(Guid AdminId, Guid AccountId, string Email);

internal sealed class SignInAdminValidator : AbstractValidator<SignInAdmin>
{
    public SignInAdminValidator()
    {
        RuleFor(c => c.Email).MustBeEmail();
        RuleFor(c => c.Password).MustBeBoundedPassword();
    }
}

internal sealed class SignInAdminHandler(ITenancyData db, IPasswordHasher hasher, AuditContext audit, TimeProvider clock)
    : ICommandHandler<SignInAdmin, SignedInAdmin>
{
    public const string InvalidCredentials = "invalid_credentials";

    public async Task<SignedInAdmin> Handle(SignInAdmin command, CancellationToken cancellationToken)
    {
        var email = Admin.NormalizeEmail(command.Email);
        var admin = await db.Admins.SingleOrDefaultAsync(a => a.Email == email, cancellationToken);
        if (admin is null)
        {
            // Same Argon2 work as a wrong password: timing must not tell which emails exist.
            hasher.VerifyAgainstDummy(command.Password);
            throw Rejected();
        }

        var check = hasher.Verify(admin.PasswordHash, command.Password);
        if (check == PasswordCheck.Mismatch)
        {
            throw Rejected();
        }

        audit.IdentifyActor(AuditActor.Admin(admin.Id));
        var upgradedHash = check == PasswordCheck.MatchNeedsRehash ? hasher.Hash(command.Password) : null;
        admin.RecordSignIn(clock.GetUtcNow().UtcDateTime, upgradedHash);
        return new SignedInAdmin(admin.Id, admin.AccountId, admin.Email);
    }

    private static DomainException Rejected() =>
        new(InvalidCredentials, "The email or password is incorrect.");
}
