using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Organizations.Memberships;

public sealed record GetMembership(Guid OrganizationId, Guid Id) : IQuery<MembershipDto>;

internal sealed class GetMembershipHandler(IOrganizationsData db, IRoleDirectory roles) : IQueryHandler<GetMembership, MembershipDto>
{
    public async Task<MembershipDto> Handle(GetMembership query, CancellationToken cancellationToken) =>
        await roles.ToDtoAsync(
            await db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.Id == query.Id && m.OrganizationId == query.OrganizationId, cancellationToken)
                ?? throw new NotFoundException("membership"),
            cancellationToken);
}
