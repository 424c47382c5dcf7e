using Paylent.Application.Identity;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Infrastructure.Identity;

/// <summary>The <c>Paylent:Identity</c> section: session lifetimes and sign-in lockout (docs/configuration.md).</summary>
public sealed class IdentityOptions
{
    public const string Section = "Paylent:Identity";

    public TimeSpan SessionIdleTimeout { get; set; } = SessionPolicy.Default.IdleTimeout;

    public TimeSpan SessionLifetime { get; set; } = SessionPolicy.Default.AbsoluteLifetime;

    /// <summary>Consecutive failed sign-ins before a user is locked for a while.</summary>
    public int LockoutThreshold { get; set; } = LockoutPolicy.Default.Threshold;

    public TimeSpan FirstLockout { get; set; } = LockoutPolicy.Default.FirstLockout;

    public TimeSpan MaxLockout { get; set; } = LockoutPolicy.Default.MaxLockout;

    public IdentityPolicies ToPolicies()
    {
        if (SessionIdleTimeout <= TimeSpan.Zero || SessionLifetime <= TimeSpan.Zero || LockoutThreshold < 1
            || FirstLockout <= TimeSpan.Zero || MaxLockout < FirstLockout)
        {
            throw new InvalidOperationException($"{Section}: lifetimes must be positive, the threshold at least 1, and MaxLockout at least FirstLockout.");
        }

        return new IdentityPolicies(new LockoutPolicy(LockoutThreshold, FirstLockout, MaxLockout), new SessionPolicy(SessionIdleTimeout, SessionLifetime));
    }
}
