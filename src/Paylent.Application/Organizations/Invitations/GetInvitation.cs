using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Organizations.Invitations;

public sealed record GetInvitation(Guid OrganizationId, Guid Id) : IQuery<InvitationDto>;

internal sealed class GetInvitationHandler(IOrganizationsData db, IRoleDirectory roles, TimeProvider clock) : IQueryHandler<GetInvitation, InvitationDto>
{
    public async Task<InvitationDto> Handle(GetInvitation query, CancellationToken cancellationToken) =>
        await roles.ToDtoAsync(
            await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == query.Id && i.OrganizationId == query.OrganizationId, cancellationToken)
                ?? throw new NotFoundException("invitation"),
            clock.GetUtcNow().UtcDateTime,
            cancellationToken);
}
