using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

/// <summary>A user's sessions, newest first; with <see cref="ActiveOnly"/>, only the live ones.</summary>
public sealed record ListSessions(Guid UserId, bool ActiveOnly = false) : IQuery<IReadOnlyList<SessionDto>>;

internal sealed class ListSessionsHandler(IIdentityData db, TimeProvider clock) : IQueryHandler<ListSessions, IReadOnlyList<SessionDto>>
{
    /// <summary>Enough for any real user; a runaway script cannot make the page unbounded.</summary>
    public const int MaxSessions = 200;

    public async Task<IReadOnlyList<SessionDto>> Handle(ListSessions query, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == query.UserId, cancellationToken))
        {
            throw new NotFoundException("user");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = db.Sessions.AsNoTracking().Where(s => s.UserId == query.UserId);
        if (query.ActiveOnly)
        {
            sessions = sessions.Where(Session.Live.At(now));
        }

        var rows = await sessions.OrderByDescending(s => s.CreatedAt).Take(MaxSessions).ToListAsync(cancellationToken);
        return rows.Select(s => SessionDto.From(s, now)).ToList();
    }
}
