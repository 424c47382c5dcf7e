using Microsoft.EntityFrameworkCore;
using Paylent.Application.Identity.Contracts;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

/// <summary>Identity's <see cref="ISessionStatus"/>, over its own tables.</summary>
internal sealed class SessionStatus(IIdentityData db, IdentityPolicies policies, TimeProvider clock) : ISessionStatus
{
    public IQueryable<Guid> LiveSessionIds(DateTime now) =>
        db.Sessions.Where(Session.Live.At(now)).Select(s => s.Id);

    public Task<WithLiveSession<T>?> SingleWithLiveSessionAsync<TData, TKey, T>(SessionBoundRead<TData, TKey, T> read, TKey key, CancellationToken cancellationToken)
        where TData : class
        where T : class =>
        read.SingleAsync(db, key, clock.GetUtcNow().UtcDateTime, cancellationToken);

    public Task<WithLiveSession<T>?> LiveWithAsync<TData, TKey, T>(LiveSessionRead<TData, TKey, T> read, Guid sessionId, TKey key, CancellationToken cancellationToken)
        where TData : class =>
        read.SingleAsync(db, sessionId, key, clock.GetUtcNow().UtcDateTime, cancellationToken);

    public Task RecordActivityAsync(LiveSession session, CancellationToken cancellationToken) =>
        db.TouchAsync(session.Id, session.LastSeenAt, session.AbsoluteExpiresAt, policies.Sessions, clock.GetUtcNow().UtcDateTime, cancellationToken);
}
