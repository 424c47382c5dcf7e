using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Organizations.Organizations;

public sealed record GetOrganization(Guid Id) : IQuery<OrganizationDto>;

internal sealed class GetOrganizationHandler(IOrganizationsData db) : IQueryHandler<GetOrganization, OrganizationDto>
{
    public async Task<OrganizationDto> Handle(GetOrganization query, CancellationToken cancellationToken) =>
        OrganizationDto.From(await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("organization"));
}
