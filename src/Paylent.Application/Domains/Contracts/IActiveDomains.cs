namespace Paylent.Application.Domains.Contracts;

/// <summary>
/// The custom domains that serve their environment now: those in state <c>active</c> (a certificate is
/// installed), and no other (not verified, disabled or deleted ones). Host routing keeps them in memory
/// and follows <see cref="DomainStateChanged"/> and <see cref="DomainDeleted"/> (docs/domains.md, "Routing").
/// </summary>
public interface IActiveDomains
{
    /// <summary>Every active domain of the install, in every environment.</summary>
    Task<IReadOnlyList<ActiveDomain>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The active domain with <paramref name="hostname"/> (canonical ASCII form), or null.</summary>
    Task<ActiveDomain?> FindAsync(string hostname, CancellationToken cancellationToken);
}

/// <summary>A host name that serves <paramref name="EnvironmentId"/>, with issuer <c>https://{Hostname}</c>.</summary>
public sealed record ActiveDomain(string Hostname, Guid EnvironmentId);
