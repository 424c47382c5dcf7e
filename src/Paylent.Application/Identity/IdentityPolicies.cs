using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity;

/// <summary>How long sessions last and how failed sign-ins are throttled (configuration: <c>Paylent:Identity</c>).</summary>
public sealed record IdentityPolicies(LockoutPolicy Lockout, SessionPolicy Sessions)
{
    public static readonly IdentityPolicies Default = new(LockoutPolicy.Default, SessionPolicy.Default);
}
