using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Identity.Sessions;

public sealed record GetSession(Guid Id) : IQuery<SessionDto>;

internal sealed class GetSessionHandler(IIdentityData db, TimeProvider clock) : IQueryHandler<GetSession, SessionDto>
{
    public async Task<SessionDto> Handle(GetSession query, CancellationToken cancellationToken) =>
        SessionDto.From(
            await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.Id, cancellationToken) ?? throw new NotFoundException("session"),
            clock.GetUtcNow().UtcDateTime);
}
