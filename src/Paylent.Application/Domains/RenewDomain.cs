using Paylent.Application.Common.Messaging;
using Paylent.Application.Tenancy.Contracts;

namespace Paylent.Application.Domains;

/// <summary>
/// "Renew now": the certificate of an active domain (or the failed first one) is ordered again as soon as
/// the issuance side runs, which is queued at once; the working certificate keeps serving until the new
/// one is stored. Other states are refused with <c>invalid_domain_state</c>.
/// </summary>
public sealed record RenewDomain(Guid Id) : ICommand<DomainDto>;

internal sealed class RenewDomainHandler(IDomainsData db, IEnvironmentHosts hosts, DomainSettings settings, TimeProvider clock)
    : ICommandHandler<RenewDomain, DomainDto>
{
    public async Task<DomainDto> Handle(RenewDomain command, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(command.Id, cancellationToken);
        domain.RequestRenewal(clock.GetUtcNow().UtcDateTime);
        return domain.ToDto(await hosts.CnameTargetAsync(domain.EnvironmentId, settings, cancellationToken), settings);
    }
}
