using Paylent.Application.Common.Events;

namespace Paylent.Application.Domains.Contracts;

/// <summary>
/// A custom domain changed state (verified, disabled, active...): the host resolver and the certificate
/// side react (start issuance, serve or stop serving the host). <paramref name="State"/> is the API's name (<c>verified</c>).
/// </summary>
public sealed record DomainStateChanged(Guid DomainId, Guid EnvironmentId, string Hostname, string State) : IModuleEvent;

/// <summary>A custom domain was deleted: nothing may serve or hold a certificate for its host any more.</summary>
public sealed record DomainDeleted(Guid DomainId, Guid EnvironmentId, string Hostname) : IModuleEvent;
