using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Contracts;

/// <summary>
/// Another module's read of one item by a key (a code, a refresh token) beside the item's session, as
/// one query compiled once per process: the module declares it in a static field over its own data port,
/// Identity joins its rule of a live session with an active user, and
/// <see cref="ISessionStatus.SingleWithLiveSessionAsync{TData, TKey, T}"/> runs it. No expression tree is
/// built, hashed or searched for parameters per call, as a LINQ query's is (docs/performance.md).
/// </summary>
/// <typeparam name="TData">The reading module's data port, on the same unit of work as Identity's.</typeparam>
public sealed class SessionBoundRead<TData, TKey, T>
    where TData : class
    where T : class
{
    private readonly CompiledQuery<TKey, DateTime, WithLiveSession<T>?> _query;

    /// <param name="source">The items with that key (at most one), over the module's own tables; tracked as it says.</param>
    /// <param name="sessionId">The item's session.</param>
    public SessionBoundRead(Expression<Func<TData, TKey, IQueryable<T>>> source, Expression<Func<T, Guid>> sessionId)
    {
        // Only the columns a token needs: the user's password hash and the session's cookie hash stay in the
        // database. A missing row is told by its key read as nullable (EF reads no null for the row itself).
        _query = new((context, key, now, cancellationToken) =>
            source.Invoke((TData)(object)context, key)
                .LeftJoin(
                    from session in ((IIdentityData)context).Sessions.Where(s => Session.Live.Rule.Invoke(s, now))
                    join user in ((IIdentityData)context).Users.Where(u => u.Status == UserStatus.Active) on session.UserId equals user.Id
                    select new { Id = (Guid?)session.Id, Session = session, User = user },
                    item => sessionId.Invoke(item),
                    row => row.Session.Id,
                    (item, row) => new WithLiveSession<T>(
                        item,
                        row!.Id == null ? null : LiveSessions.Of.Invoke(row.Session, row.User)))
                .SingleOrDefault());
    }

    internal Task<WithLiveSession<T>?> SingleAsync(IIdentityData data, TKey key, DateTime now, CancellationToken cancellationToken) =>
        _query.SingleAsync(data, key, now, cancellationToken);
}

/// <summary>
/// Another module's facts beside a live session it names by id (an authorization code sealed with its
/// session's id: whether it was redeemed), as one query compiled once per process, for a read with no
/// row of its own to start from. No session live with an active user, no
/// row, and so no facts: the module asks again on that rare path if it must know.
/// </summary>
/// <typeparam name="TData">The reading module's data port, on the same unit of work as Identity's.</typeparam>
public sealed class LiveSessionRead<TData, TKey, T>
    where TData : class
{
    private readonly CompiledQuery<Guid, TKey, DateTime, WithLiveSession<T>?> _query;

    /// <param name="facts">What the module reads beside the session, from its own tables and a key of its own.</param>
    public LiveSessionRead(Expression<Func<TData, TKey, T>> facts)
    {
        _query = new((context, sessionId, key, now, cancellationToken) =>
            (from session in ((IIdentityData)context).Sessions.Where(s => s.Id == sessionId && Session.Live.Rule.Invoke(s, now))
             join user in ((IIdentityData)context).Users.Where(u => u.Status == UserStatus.Active) on session.UserId equals user.Id
             select new WithLiveSession<T>(facts.Invoke((TData)(object)context, key), LiveSessions.Of.Invoke(session, user)))
            .SingleOrDefault());
    }

    internal Task<WithLiveSession<T>?> SingleAsync(IIdentityData data, Guid sessionId, TKey key, DateTime now, CancellationToken cancellationToken) =>
        _query.SingleAsync(data, sessionId, key, now, cancellationToken);
}

/// <summary>A session and its user as tokens need them, inside a query: only the columns they use.</summary>
internal static class LiveSessions
{
    public static readonly Expression<Func<Session, User, LiveSession>> Of = (session, user) =>
        new LiveSession(
            session.Id, session.AuthenticatedAt, session.AuthenticationMethods, session.AbsoluteExpiresAt,
            new UserClaimsSource(
                user.Id, user.Email, user.EmailVerified, user.Username, user.GivenName, user.FamilyName,
                User.FullNameOf(user.GivenName, user.FamilyName), user.UpdatedAt))
        {
            LastSeenAt = session.LastSeenAt,
        };
}
