namespace Paylent.Domain.Common;

/// <summary>
/// Brute-force protection for one end user or one dashboard admin (the same policy for both): after
/// <see cref="Threshold"/> consecutive failures, every further failure locks them for a doubling
/// while, capped at <see cref="MaxLockout"/>, so an attacker can slow someone down but never lock
/// them out for good. A success resets the count.
/// </summary>
public sealed record LockoutPolicy(int Threshold, TimeSpan FirstLockout, TimeSpan MaxLockout)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));

    public TimeSpan? LockoutAfter(int failures)
    {
        if (failures < Threshold)
        {
            return null;
        }

        var doublings = Math.Min(failures - Threshold, 20);
        var lockout = FirstLockout * Math.Pow(2, doublings);
        return lockout < MaxLockout ? lockout : MaxLockout;
    }
}
