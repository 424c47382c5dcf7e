using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Tenancy;

namespace Paylent.Application.Tenancy.AdminSessions;

/// <summary>An admin's live dashboard sessions, newest first: where they are signed in now.</summary>
public sealed record ListAdminSessions(Guid AdminId) : IQuery<IReadOnlyList<AdminSessionDto>>;

internal sealed class ListAdminSessionsHandler(ITenancyData db, TimeProvider clock) : IQueryHandler<ListAdminSessions, IReadOnlyList<AdminSessionDto>>
{
    /// <summary>Enough for any real admin; a runaway script cannot make the page unbounded.</summary>
    public const int MaxSessions = 200;

    public async Task<IReadOnlyList<AdminSessionDto>> Handle(ListAdminSessions query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.AdminSessions.AsNoTracking()
            .Where(s => s.AdminId == query.AdminId)
            .Where(AdminSession.Live.At(now))
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Take(MaxSessions)
            .ToListAsync(cancellationToken);
        return rows.Select(s => AdminSessionDto.From(s, now)).ToList();
    }
}
