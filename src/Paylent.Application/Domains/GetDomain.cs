using Paylent.Application.Common.Messaging;
using Paylent.Application.Tenancy.Contracts;

namespace Paylent.Application.Domains;

public sealed record GetDomain(Guid Id) : IQuery<DomainDto>;

internal sealed class GetDomainHandler(IDomainsData db, IEnvironmentHosts hosts, DomainSettings settings) : IQueryHandler<GetDomain, DomainDto>
{
    public async Task<DomainDto> Handle(GetDomain query, CancellationToken cancellationToken)
    {
        var domain = await db.FindDomainAsync(query.Id, cancellationToken);
        return domain.ToDto(await hosts.CnameTargetAsync(domain.EnvironmentId, settings, cancellationToken), settings);
    }
}
