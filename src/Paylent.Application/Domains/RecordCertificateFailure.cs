using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Domains.Contracts;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>
/// An order for the domain's certificate failed; it is tried again at <see cref="RetryAt"/>. A first
/// certificate the CA refused (<see cref="Transient"/> false) fails the domain (<c>certificate_failed</c>);
/// one the CA could not be asked for (unreachable) leaves it <c>certificate_pending</c> with the reason. A
/// failed renewal leaves an active domain active on its working certificate (<c>renewing_failed</c>). False
/// when the domain left those states meanwhile.
/// </summary>
public sealed record RecordCertificateFailure(Guid Id, string Error, DateTime RetryAt, bool Transient) : ICommand<bool>;

internal sealed class RecordCertificateFailureHandler(IDomainsData db, IModuleEvents events, TimeProvider clock)
    : ICommandHandler<RecordCertificateFailure, bool>
{
    public async Task<bool> Handle(RecordCertificateFailure command, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (domain.State)
        {
            case DomainState.CertificatePending when command.Transient:
                domain.CertificateDelayed(command.Error, command.RetryAt, now);
                return true;
            case DomainState.CertificatePending:
                domain.CertificateFailed(command.Error, command.RetryAt, now);
                events.Raise(new DomainStateChanged(domain.Id, domain.EnvironmentId, domain.Hostname, DomainStates.Name(domain.State)));
                return true;
            case DomainState.Active:
                domain.RenewalFailed(command.Error, command.RetryAt, now);
                return true;
            default:
                return false;
        }
    }
}
