using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Tenancy;

/// <summary>The <c>Paylent:Dashboard</c> section: how long an admin's dashboard session lasts (docs/configuration.md).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Paylent:Dashboard";
    public const string Invalid = $"{Section}: SessionIdleTimeout and SessionLifetime must be positive.";

    public TimeSpan SessionIdleTimeout { get; set; } = AdminSessionPolicy.Default.IdleTimeout;

    public TimeSpan SessionLifetime { get; set; } = AdminSessionPolicy.Default.AbsoluteLifetime;

    public bool IsValid => SessionIdleTimeout > TimeSpan.Zero && SessionLifetime > TimeSpan.Zero;

    public AdminSessionPolicy ToSessionPolicy() => new(SessionIdleTimeout, SessionLifetime);
}
