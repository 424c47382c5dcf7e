using Microsoft.EntityFrameworkCore;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

/// <summary>Identity's <see cref="ISessionStatus"/>, over its own tables.</summary>
internal sealed class SessionStatus(IIdentityData db, IdentityPolicies policies, TimeProvider clock) : ISessionStatus
{
    public IQueryable<Guid> LiveSessionIds(DateTime now) =>
        db.Sessions.Where(Session.Live.At(now)).Select(s => s.Id);

    public async Task<LiveSession?> FindLiveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await (
            from session in db.Sessions
            join user in db.Users on session.UserId equals user.Id
            where session.Id == sessionId
            select new { Session = session, User = user }).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return found is null || !found.Session.IsActive(now) || !found.User.IsActive
            ? null
            : new LiveSession(
                found.Session.Id, found.Session.AuthenticatedAt, found.Session.AuthenticationMethods, found.Session.AbsoluteExpiresAt,
                UserDirectory.ClaimsOf(found.User))
            {
                Session = found.Session,
            };
    }

    public Task RecordActivityAsync(LiveSession session, CancellationToken cancellationToken) =>
        db.TouchAsync(
            session.Session ?? throw new ArgumentException("Only a session this service found can record activity.", nameof(session)),
            policies.Sessions, clock.GetUtcNow().UtcDateTime, cancellationToken);
}
