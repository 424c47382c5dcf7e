using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Tenancy.AdminSessions;

/// <summary>One of the admin's own dashboard sessions; another admin's session is not found.</summary>
public sealed record GetAdminSession(Guid AdminId, Guid SessionId) : IQuery<AdminSessionDto>;

internal sealed class GetAdminSessionHandler(ITenancyData db, TimeProvider clock) : IQueryHandler<GetAdminSession, AdminSessionDto>
{
    public async Task<AdminSessionDto> Handle(GetAdminSession query, CancellationToken cancellationToken)
    {
        var session = await db.AdminSessions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == query.SessionId && s.AdminId == query.AdminId, cancellationToken)
            ?? throw new NotFoundException("admin_session");
        return AdminSessionDto.From(session, clock.GetUtcNow().UtcDateTime);
    }
}
