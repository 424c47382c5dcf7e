using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Common;

namespace Paylent.Application.Common.Security;

/// <summary>What counting a password attempt allowed.</summary>
public enum SignInAttempt
{
    /// <summary>Locked, or unknown: not counted, and never checked against the real hash.</summary>
    Refused,

    /// <summary>Counted below the threshold: the password may be checked.</summary>
    Counted,

    /// <summary>Counted, and this attempt reached the threshold: locked until its own check settles the lock.</summary>
    CountedAndLocked,
}

/// <summary>
/// The lockout of password sign-ins (end users and dashboard admins alike), race-free: each attempt is
/// counted before the password is checked, in a conditional statement that commits at once, so a
/// burst of simultaneous attempts gets no more checks against the real hash than the threshold. Below
/// and at the threshold are two statements, so exactly one attempt knows it was the one that locked:
/// only that one settles the lock and has it audited, once per lock however many attempts raced.
/// </summary>
internal sealed class SignInAttempts(LockoutPolicy lockout)
{
    public async Task<SignInAttempt> CountAsync<T>(IQueryable<T> accounts, Guid id, DateTime now, CancellationToken cancellationToken)
        where T : class, ILockable
    {
        var unlocked = accounts.Where(a => a.Id == id && (a.LockedUntil == null || a.LockedUntil <= now));
        var threshold = lockout.Threshold;
        if (await unlocked.Where(a => a.FailedSignIns + 1 < threshold).ExecuteUpdateAsync(
                set => set.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1).SetProperty(a => a.LockedUntil, (DateTime?)null),
                cancellationToken) == 1)
        {
            return SignInAttempt.Counted;
        }

        // Locked for the longest while at once, so attempts behind this one are refused unchecked until
        // its check is known. A count reset by a concurrent success between the two statements refuses
        // this attempt unchecked: it fails like a wrong password, and the browser can simply try again.
        DateTime? provisional = now + lockout.MaxLockout;
        return await unlocked.Where(a => a.FailedSignIns + 1 >= threshold).ExecuteUpdateAsync(
                set => set.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1).SetProperty(a => a.LockedUntil, provisional),
                cancellationToken) == 1
            ? SignInAttempt.CountedAndLocked
            : SignInAttempt.Refused;
    }

    /// <summary>
    /// After a right password: the count cleared and any lock lifted, also a lock a concurrent wrong attempt
    /// set after this one was counted. A statement of its own, because the save writes only the columns
    /// that changed from what the request read, and a lock set after the read would stay.
    /// </summary>
    public Task ResetAsync<T>(IQueryable<T> accounts, Guid id, CancellationToken cancellationToken)
        where T : class, ILockable =>
        accounts.Where(a => a.Id == id && (a.FailedSignIns != 0 || a.LockedUntil != null))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FailedSignIns, 0).SetProperty(a => a.LockedUntil, (DateTime?)null), cancellationToken);

    /// <summary>
    /// After the locking attempt's password proved wrong: the lock as long as the policy says for its
    /// count (nothing counts while locked, so the stored count is this attempt's own). True when it
    /// locked, for the caller to audit.
    /// </summary>
    public async Task<bool> SettleLockAsync<T>(IQueryable<T> accounts, T account, DateTime now, CancellationToken cancellationToken)
        where T : class, ILockable
    {
        if (lockout.LockoutAfter(account.FailedSignIns) is not { } duration)
        {
            return false;
        }

        DateTime? until = now + duration;
        var id = account.Id;
        return await accounts.Where(a => a.Id == id && a.LockedUntil != null)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.LockedUntil, until), cancellationToken) == 1;
    }
}
