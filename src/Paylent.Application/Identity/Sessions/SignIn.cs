using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Audit.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

/// <summary>
/// Checks an end user's email and password and starts a session. A failure is a result, not an
/// exception, so the failed-attempt count and its audit events commit with it. Concurrent failures
/// for one user must all count, and must not surface as a conflict (only a known user's row could
/// produce one): a lost race is re-run.
/// </summary>
public sealed record SignInWithPassword(string Email, string Password, SessionClient Client) : ICommand<SignInResult>, IRetryOnConflict;

/// <param name="Session">Set when the sign-in succeeded.</param>
/// <param name="Failure">Why it did not; one message for every credential failure so nothing is revealed.</param>
public sealed record SignInResult(StartedSession? Session, SignInFailure? Failure)
{
    public bool Succeeded => Session is not null;
}

public enum SignInFailure
{
    /// <summary>Unknown email, wrong password, no password, or temporarily locked: indistinguishable on purpose.</summary>
    InvalidCredentials,

    /// <summary>The password was right but an admin disabled the account.</summary>
    Disabled,
}

internal sealed class SignInWithPasswordValidator : AbstractValidator<SignInWithPassword>
{
    public SignInWithPasswordValidator()
    {
        RuleFor(c => c.Email).MustBeEmail();
        RuleFor(c => c.Password).MustBeBoundedPassword();
        RuleFor(c => c.Client).NotNull();
    }
}

internal sealed class SignInWithPasswordHandler(
    IIdentityData db, IPasswordHasher hasher, SignInAttempts attempts, SessionStarter sessions, AuditContext audit, IAuditTrail trail, PaylentMetrics metrics, AfterCommit afterCommit, TimeProvider clock)
    : ICommandHandler<SignInWithPassword, SignInResult>
{
    private static readonly SignInResult Invalid = new(null, SignInFailure.InvalidCredentials);

    public async Task<SignInResult> Handle(SignInWithPassword command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = User.Normalize(command.Email);
        var userId = await db.Users.Where(u => u.NormalizedEmail == email && u.PasswordHash != null).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        var attempt = userId is { } id ? await attempts.CountAsync(db.Users, id, now, cancellationToken) : SignInAttempt.Refused;
        if (attempt == SignInAttempt.Refused)
        {
            // Same Argon2 work, and the same trail, as a wrong password: neither the timing nor the
            // answer tells which emails exist or are locked.
            hasher.VerifyAgainstDummy(command.Password);
            trail.Record(User.SignInFailedAction, userId is null ? [] : [Target(userId.Value)]);
            Count(userId is null ? SignInOutcome.Failure : SignInOutcome.Locked);
            return Invalid;
        }

        var user = await db.Users.SingleAsync(u => u.Id == userId!.Value, cancellationToken);
        var check = hasher.Verify(user.PasswordHash!, command.Password);
        if (check == PasswordCheck.Mismatch)
        {
            trail.Record(User.SignInFailedAction, [Target(user.Id)]);
            Count(SignInOutcome.Failure);
            if (attempt == SignInAttempt.CountedAndLocked && await attempts.SettleLockAsync(db.Users, user, now, cancellationToken))
            {
                trail.Record(User.LockedAction, [Target(user.Id)]);
                afterCommit.Do(() => metrics.Lockout(SignInSubject.User));
            }

            return Invalid;
        }

        audit.IdentifyActor(AuditActor.User(user.Id));
        if (!user.IsActive)
        {
            Count(SignInOutcome.Disabled);
            return new SignInResult(null, SignInFailure.Disabled);
        }

        Count(SignInOutcome.Success);

        await attempts.ResetAsync(db.Users, user.Id, cancellationToken);
        user.RecordSignIn(now, check == PasswordCheck.MatchNeedsRehash ? hasher.Hash(command.Password) : null);
        return new SignInResult(sessions.Start(user, command.Client, ["pwd"], now), null);
    }

    // Once per request: an attempt that loses a race and runs again is not a second sign-in.
    private void Count(SignInOutcome outcome) => afterCommit.Do(() => metrics.SignIn(SignInSubject.User, outcome));

    // A target instance each: the trail stores targets as owned rows, which two events cannot share.
    private static AuditTarget Target(Guid userId) => new("user", userId.ToString());
}
