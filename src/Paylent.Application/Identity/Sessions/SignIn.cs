using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Audit.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Metrics;
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
    IIdentityData db, IPasswordHasher hasher, SessionStarter sessions, IdentityPolicies policies, AuditContext audit, IAuditTrail trail, PaylentMetrics metrics, TimeProvider clock)
    : ICommandHandler<SignInWithPassword, SignInResult>
{
    private static readonly SignInResult Invalid = new(null, SignInFailure.InvalidCredentials);

    public async Task<SignInResult> Handle(SignInWithPassword command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = User.Normalize(command.Email);
        var userId = await db.Users.Where(u => u.NormalizedEmail == email && u.PasswordHash != null).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        if (userId is not { } id || !await CountAttemptAsync(id, now, cancellationToken))
        {
            // Same Argon2 work, and the same trail, as a wrong password: neither the timing nor the
            // answer tells which emails exist or are locked.
            hasher.VerifyAgainstDummy(command.Password);
            trail.Record(User.SignInFailedAction, userId is null ? [] : [new AuditTarget("user", userId.Value.ToString())]);
            metrics.SignIn(SignInSubject.User, userId is null ? SignInOutcome.Failure : SignInOutcome.Locked);
            return Invalid;
        }

        var user = await db.Users.SingleAsync(u => u.Id == id, cancellationToken);
        var check = hasher.Verify(user.PasswordHash!, command.Password);
        if (check == PasswordCheck.Mismatch)
        {
            await SettleLockoutAsync(user, now, cancellationToken);
            metrics.SignIn(SignInSubject.User, SignInOutcome.Failure);
            return Invalid;
        }

        audit.IdentifyActor(AuditActor.User(user.Id));
        if (!user.IsActive)
        {
            metrics.SignIn(SignInSubject.User, SignInOutcome.Disabled);
            return new SignInResult(null, SignInFailure.Disabled);
        }

        metrics.SignIn(SignInSubject.User, SignInOutcome.Success);

        user.RecordSignIn(now, check == PasswordCheck.MatchNeedsRehash ? hasher.Hash(command.Password) : null);
        return new SignInResult(sessions.Start(user, command.Client, ["pwd"], now), null);
    }

    /// <summary>
    /// Counts the attempt before the password is checked, in one conditional statement that commits at
    /// once: only an unlocked user's attempt counts and may be checked. The attempt that reaches the
    /// threshold locks the user for the longest while at once, so simultaneous attempts behind it are
    /// refused unchecked; once its own check is known, the lock is set to what the policy says (or
    /// lifted by a success). No attempt is checked against the real hash beyond the threshold.
    /// </summary>
    private async Task<bool> CountAttemptAsync(Guid id, DateTime now, CancellationToken cancellationToken)
    {
        var threshold = policies.Lockout.Threshold;
        DateTime? provisional = now + policies.Lockout.MaxLockout;
        return await db.Users
            .Where(u => u.Id == id && (u.LockedUntil == null || u.LockedUntil <= now))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1)
                    .SetProperty(u => u.LockedUntil, u => u.FailedSignIns + 1 >= threshold ? provisional : null),
                cancellationToken) == 1;
    }

    /// <summary>The counted failure's lock, as the policy says for the count this attempt reached; audited.</summary>
    private async Task SettleLockoutAsync(User user, DateTime now, CancellationToken cancellationToken)
    {
        // A target instance each: the trail stores targets as owned rows, which two events cannot share.
        trail.Record(User.SignInFailedAction, [new AuditTarget("user", user.Id.ToString())]);
        if (policies.Lockout.LockoutAfter(user.FailedSignIns) is { } duration)
        {
            DateTime? until = now + duration;
            await db.Users.Where(u => u.Id == user.Id && u.LockedUntil != null)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.LockedUntil, until), cancellationToken);
            trail.Record(User.LockedAction, [new AuditTarget("user", user.Id.ToString())]);
            metrics.Lockout(SignInSubject.User);
        }
    }
}
