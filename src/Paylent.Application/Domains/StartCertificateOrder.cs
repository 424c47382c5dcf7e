using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Domains.Contracts;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>
/// The issuance side is about to order a certificate for a domain (the job sends it, entered into the
/// domain's environment, holding the domain's lease): a verified domain, or one whose first certificate
/// failed, becomes <c>certificate_pending</c>; one already pending (a retry after the CA was unreachable)
/// or active (a renewal) stays as it is. Null when the domain no longer needs a certificate order (it was
/// disabled or renewed meanwhile).
/// </summary>
public sealed record StartCertificateOrder(Guid Id) : ICommand<CertificateOrderPlan?>;

/// <summary>What to order: <see cref="Renewal"/> when a working certificate is being replaced.</summary>
public sealed record CertificateOrderPlan(string Hostname, bool Renewal);

internal sealed class StartCertificateOrderHandler(IDomainsData db, IModuleEvents events, TimeProvider clock)
    : ICommandHandler<StartCertificateOrder, CertificateOrderPlan?>
{
    public async Task<CertificateOrderPlan?> Handle(StartCertificateOrder command, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!CertificateOrders.IsDue(domain.State, domain.RenewAfter, now))
        {
            return null;
        }

        if (domain.State is DomainState.Verified or DomainState.CertificateFailed)
        {
            domain.RequestCertificate(now);
            events.Raise(new DomainStateChanged(domain.Id, domain.EnvironmentId, domain.Hostname, DomainStates.Name(domain.State)));
        }

        return new CertificateOrderPlan(domain.Hostname, domain.State == DomainState.Active);
    }
}

/// <summary>Which domains the issuance side orders for, and when (docs/domains.md, "Issuance and renewal").</summary>
public static class CertificateOrders
{
    /// <summary>The states whose first certificate is still to be obtained.</summary>
    public static readonly IReadOnlyList<DomainState> Issuing = [DomainState.Verified, DomainState.CertificatePending, DomainState.CertificateFailed];

    /// <summary>
    /// A verified domain at once; one pending or failed once its retry time has come (a pending one without
    /// a retry time was left by an order that never finished: its lease tells whether one still runs); an
    /// active one at its renewal time.
    /// </summary>
    public static bool IsDue(DomainState state, DateTime? renewAfter, DateTime now) => state switch
    {
        DomainState.Verified => true,
        DomainState.CertificatePending or DomainState.CertificateFailed => renewAfter is null || renewAfter <= now,
        DomainState.Active => renewAfter is { } due && due <= now,
        _ => false,
    };
}
