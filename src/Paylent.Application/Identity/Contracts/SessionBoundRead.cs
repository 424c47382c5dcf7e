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
                .SingleOrDefault());
    }

    internal Task<WithLiveSession<T>?> SingleAsync(IIdentityData data, TKey key, DateTime now, CancellationToken cancellationToken) =>
        _query.SingleAsync(data, key, now, cancellationToken);
}
