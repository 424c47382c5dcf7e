namespace Paylent.Application.Tenancy.Contracts;

/// <summary>What other modules may know of where an environment is served.</summary>
public interface IEnvironmentHosts
{
    /// <summary>The first DNS label of the environment's host, <c>{account}-{environment}</c>; null for an unknown environment.</summary>
    Task<string?> HostLabelAsync(Guid environmentId, CancellationToken cancellationToken);
}
