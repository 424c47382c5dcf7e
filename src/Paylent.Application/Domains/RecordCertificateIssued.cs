using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Domains.Contracts;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>
/// A certificate for the domain was issued and is already being served: the domain records its details
/// (never its key) and the time of its renewal, and the first one makes it <c>active</c>. A domain disabled
/// meanwhile records it and stays disabled (verifying it again serves it on this certificate). False when
/// the domain is in no state that holds a certificate (deleted, or back to failed by another instance).
/// </summary>
public sealed record RecordCertificateIssued(Guid Id, string Issuer, string Serial, DateTime NotBefore, DateTime NotAfter, DateTime RenewAfter)
    : ICommand<bool>;

internal sealed class RecordCertificateIssuedHandler(IDomainsData db, IModuleEvents events, TimeProvider clock)
    : ICommandHandler<RecordCertificateIssued, bool>
{
    public async Task<bool> Handle(RecordCertificateIssued command, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(command.Id, cancellationToken);
        if (domain.State is not (DomainState.CertificatePending or DomainState.Active or DomainState.Disabled))
        {
            return false;
        }

        var before = domain.State;
        domain.CertificateIssued(command.Issuer, command.Serial, command.NotBefore, command.NotAfter, command.RenewAfter, clock.GetUtcNow().UtcDateTime);
        if (domain.State != before)
        {
            events.Raise(new DomainStateChanged(domain.Id, domain.EnvironmentId, domain.Hostname, DomainStates.Name(domain.State)));
        }

        return true;
    }
}
