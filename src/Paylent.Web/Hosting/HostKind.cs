using Paylent.Application.Tenancy;

namespace Paylent.Web.Hosting;

/// <summary>What a request's host serves: the dashboard (the bare base domain) or one environment.</summary>
public enum HostKind
{
    Unknown,
    Dashboard,
    Environment,
}

/// <summary>
/// The result of host resolution, stored as a request feature. <paramref name="CustomDomain"/> is the
/// active custom domain (ASCII form) the request came in on, when it did: the environment is served
/// there with issuer <c>https://{CustomDomain}</c> (<see cref="PublicOrigin"/>).
/// </summary>
public sealed record ResolvedHost(HostKind Kind, EnvironmentSummary? Environment, string? CustomDomain = null)
{
    public static readonly ResolvedHost Unknown = new(HostKind.Unknown, null);
    public static readonly ResolvedHost Dashboard = new(HostKind.Dashboard, null);
}

/// <summary>
/// Restricts an endpoint (controller, action or endpoint group) to one kind of host. Endpoints
/// without it, such as the health checks, answer on every host.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public class HostKindAttribute(HostKind kind) : Attribute
{
    public HostKind Kind { get; } = kind;
}

public sealed class DashboardHostAttribute() : HostKindAttribute(HostKind.Dashboard);

public sealed class EnvironmentHostAttribute() : HostKindAttribute(HostKind.Environment);
