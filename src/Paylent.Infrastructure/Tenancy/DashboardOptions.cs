using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Tenancy;

/// <summary>The <c>Paylent:Dashboard</c> section: how long an admin's dashboard session lasts (docs/configuration.md).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Paylent:Dashboard";

    public TimeSpan SessionIdleTimeout { get; set; } = AdminSessionPolicy.Default.IdleTimeout;

    public TimeSpan SessionLifetime { get; set; } = AdminSessionPolicy.Default.AbsoluteLifetime;

    public AdminSessionPolicy ToSessionPolicy()
    {
        if (SessionIdleTimeout <= TimeSpan.Zero || SessionLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}: session lifetimes must be positive.");
        }

        return new AdminSessionPolicy(SessionIdleTimeout, SessionLifetime);
    }
}
