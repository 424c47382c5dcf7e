using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Audit.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy;

/// <summary>
/// Checks a dashboard admin's credentials and starts a dashboard session, under the end users'
/// lockout policy. A failure is a result (null), not an exception, so the failed-attempt count and its
/// audit events commit with it; concurrent failures for one admin all count and never surface as a
/// conflict (only a known admin's row could produce one): a lost race is re-run.
/// </summary>
/// <param name="IpAddress">Where the browser signs in from, kept with the session for the admin's list of sessions.</param>
/// <param name="UserAgent">The browser's description, likewise.</param>
public sealed record SignInAdmin(string Email, string Password, string? IpAddress = null, string? UserAgent = null) : ICommand<SignedInAdmin?>, IRetryOnConflict
{
    /// <summary>The one answer to every failure: unknown email, wrong password, or locked.</summary>
    public const string InvalidCredentialsMessage = "The email or password is incorrect.";
}

/// <summary>A signed-in admin; <see cref="SessionToken"/> goes into the dashboard cookie and is never stored.</summary>
public sealed record SignedInAdmin(Guid AdminId, Guid AccountId, string Email, Guid SessionId, string SessionToken, DateTime SessionExpiresAt);

internal sealed class SignInAdminValidator : AbstractValidator<SignInAdmin>
{
    public SignInAdminValidator()
    {
        RuleFor(c => c.Email).MustBeEmail();
        RuleFor(c => c.Password).MustBeBoundedPassword();
    }
}

internal sealed class SignInAdminHandler(
    ITenancyData db,
    IPasswordHasher hasher,
    SignInAttempts attempts,
    AdminSessionPolicy sessions,
    EnvironmentContext scope,
    AuditContext audit,
    IAuditTrail trail,
    PaylentMetrics metrics,
    AfterCommit afterCommit,
    TimeProvider clock)
    : ICommandHandler<SignInAdmin, SignedInAdmin?>
{
    public async Task<SignedInAdmin?> Handle(SignInAdmin command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = Admin.NormalizeEmail(command.Email);
        var known = await db.Admins.Where(a => a.Email == email).Select(a => new { a.Id, a.AccountId }).SingleOrDefaultAsync(cancellationToken);
        if (known is not null)
        {
            // The account's audit log shows attempts on its admins.
            scope.EnterAccount(known.AccountId);
        }

        var attempt = known is null ? SignInAttempt.Refused : await attempts.CountAsync(db.Admins, known.Id, now, cancellationToken);
        if (attempt == SignInAttempt.Refused)
        {
            // Same Argon2 work, and the same trail, as a wrong password: neither the timing nor the
            // answer tells which emails exist or are locked.
            hasher.VerifyAgainstDummy(command.Password);
            trail.Record(Admin.SignInFailedAction, known is null ? [] : [Target(known.Id)]);
            Count(known is null ? SignInOutcome.Failure : SignInOutcome.Locked);
            return null;
        }

        var admin = await db.Admins.SingleAsync(a => a.Id == known!.Id, cancellationToken);
        var check = hasher.Verify(admin.PasswordHash, command.Password);
        if (check == PasswordCheck.Mismatch)
        {
            trail.Record(Admin.SignInFailedAction, [Target(admin.Id)]);
            if (attempt == SignInAttempt.CountedAndLocked && await attempts.SettleLockAsync(db.Admins, admin, now, cancellationToken))
            {
                trail.Record(Admin.LockedAction, [Target(admin.Id)]);
                afterCommit.Do(() => metrics.Lockout(SignInSubject.Admin));
            }

            Count(SignInOutcome.Failure);
            return null;
        }

        audit.IdentifyActor(AuditActor.Admin(admin.Id));
        Count(SignInOutcome.Success);
        await attempts.ResetAsync(db.Admins, admin.Id, cancellationToken);
        admin.RecordSignIn(now, check == PasswordCheck.MatchNeedsRehash ? hasher.Hash(command.Password) : null);
        var token = Secrets.NewToken();
        var session = AdminSession.Start(admin, Secrets.Hash(token), sessions, command.IpAddress, command.UserAgent, now);
        db.AdminSessions.Add(session);
        return new SignedInAdmin(admin.Id, admin.AccountId, admin.Email, session.Id, token, session.AbsoluteExpiresAt);
    }

    // Once per request: an attempt that loses a race and runs again is not a second sign-in.
    private void Count(SignInOutcome outcome) => afterCommit.Do(() => metrics.SignIn(SignInSubject.Admin, outcome));

    // A target instance each: the trail stores targets as owned rows, which two events cannot share.
    private static AuditTarget Target(Guid adminId) => new("admin", adminId.ToString());
}
