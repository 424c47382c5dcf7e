namespace Paylent.Application.Identity.Contracts;

/// <summary>
/// Identity's answer to "is this end-user session still live, and for whom?": for tokens issued in a
/// session, which die with it (OIDC <c>sid</c>). A session is live until its idle expiry, its absolute
/// expiry, sign-out or revocation, and only while its user is active.
/// </summary>
public interface ISessionStatus
{
    /// <summary>
    /// The ids of the sessions live at <paramref name="now"/>, as a query over the same unit of work:
    /// another module composes it into its own query, so a token check stays one database round trip.
    /// </summary>
    IQueryable<Guid> LiveSessionIds(DateTime now);

    /// <summary>
    /// The one item with <paramref name="key"/> (null when there is none) beside its session, which is
    /// null unless live and its user active: one compiled query, so the token endpoint reads a code or a
    /// refresh token and its session in one database round trip.
    /// </summary>
    Task<WithLiveSession<T>?> SingleWithLiveSessionAsync<TData, TKey, T>(SessionBoundRead<TData, TKey, T> read, TKey key, CancellationToken cancellationToken)
        where TData : class
        where T : class;

    /// <summary>
    /// The session with this id and its user, null unless the session is live and the user active, beside
    /// the module's facts keyed by <paramref name="key"/>: one compiled query.
    /// </summary>
    Task<WithLiveSession<T>?> LiveWithAsync<TData, TKey, T>(LiveSessionRead<TData, TKey, T> read, Guid sessionId, TKey key, CancellationToken cancellationToken)
        where TData : class;

    /// <summary>
    /// Records activity in a live session (a token refreshed, as a page seen does), sliding its idle
    /// expiry; written at most once a minute, and never in conflict with a concurrent revocation.
    /// </summary>
    Task RecordActivityAsync(LiveSession session, CancellationToken cancellationToken);
}

/// <summary>A live end-user session and its active user, as tokens issued in it need them.</summary>
/// <param name="AuthenticatedAt">When the user last proved who they are (OIDC <c>auth_time</c>).</param>
/// <param name="AuthenticationMethods">RFC 8176 method references (OIDC <c>amr</c>).</param>
/// <param name="AbsoluteExpiresAt">The session's absolute end: the longest a grant in it may live.</param>
public sealed record LiveSession(
    Guid Id,
    DateTime AuthenticatedAt,
    IReadOnlyList<string> AuthenticationMethods,
    DateTime AbsoluteExpiresAt,
    UserClaimsSource User)
{
    /// <summary>What <see cref="ISessionStatus.RecordActivityAsync"/> slides from; Identity's own bookkeeping.</summary>
    internal DateTime LastSeenAt { get; init; }
}

/// <summary>An item read with its session: <see cref="Session"/> is null unless the session is live and its user active.</summary>
public sealed record WithLiveSession<T>(T Item, LiveSession? Session);
