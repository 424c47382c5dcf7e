namespace Paylent.Domain.Common;

/// <summary>Someone who signs in with a password under the <see cref="LockoutPolicy"/>: an end user or a dashboard admin.</summary>
public interface ILockable
{
    Guid Id { get; }

    /// <summary>Failed password sign-ins since the last success.</summary>
    int FailedSignIns { get; }

    /// <summary>Until when sign-ins are refused unchecked; null or past: not locked.</summary>
    DateTime? LockedUntil { get; }
}
