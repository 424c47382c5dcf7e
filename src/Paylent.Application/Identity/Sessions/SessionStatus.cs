using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Identity.Contracts;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

/// <summary>Identity's <see cref="ISessionStatus"/>, over its own tables.</summary>
internal sealed class SessionStatus(IIdentityData db, IdentityPolicies policies, TimeProvider clock) : ISessionStatus
{
    public IQueryable<Guid> LiveSessionIds(DateTime now) =>
        db.Sessions.Where(Session.Live.At(now)).Select(s => s.Id);

    public Task<WithLiveSession<T>?> SingleWithLiveSessionAsync<T>(IQueryable<T> source, Expression<Func<T, Guid>> sessionId, CancellationToken cancellationToken)
        where T : class
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var live =
            from session in db.Sessions.Where(Session.Live.At(now))
            join user in db.Users.Where(u => u.Status == UserStatus.Active) on session.UserId equals user.Id
            select new { Id = (Guid?)session.Id, Session = session, User = user };

        // Only the columns a token needs: the user's password hash and the session's cookie hash stay in the
        // database. A missing row is told by its key read as nullable (EF reads no null for the row itself).
        return source.LeftJoin(
                live,
                sessionId,
                row => row.Session.Id,
                (item, row) => new WithLiveSession<T>(
                    item,
                    row!.Id == null
                        ? null
                        : new LiveSession(
                            row.Session.Id, row.Session.AuthenticatedAt, row.Session.AuthenticationMethods, row.Session.AbsoluteExpiresAt,
                            new UserClaimsSource(
                                row.User.Id, row.User.Email, row.User.EmailVerified, row.User.Username, row.User.GivenName, row.User.FamilyName,
                                User.FullNameOf(row.User.GivenName, row.User.FamilyName), row.User.UpdatedAt))
                        {
                            LastSeenAt = row.Session.LastSeenAt,
                        }))
            .SingleOrDefaultAsync(cancellationToken)!;
    }

    public Task RecordActivityAsync(LiveSession session, CancellationToken cancellationToken) =>
        db.TouchAsync(session.Id, session.LastSeenAt, session.AbsoluteExpiresAt, policies.Sessions, clock.GetUtcNow().UtcDateTime, cancellationToken);
}
