namespace Paylent.Application.Identity.Sessions;

/// <summary>
/// The live sessions of the environment the request entered, by their cookie token's hash, as hosted pages
/// and authorization requests read them: from memory (Infrastructure) for a session read recently, so a
/// browser's stream of authorization requests costs no query. An entry is trusted for a refresh interval and
/// dropped on every instance as soon as a save ends its session or changes what it holds of its user.
/// </summary>
public interface ISessionCache
{
    /// <summary>The session, read by <paramref name="load"/> when not held; an absence is never kept.</summary>
    Task<CachedSession?> GetAsync(string tokenHash, Func<Task<CachedSession?>> load);

    /// <summary>Drops what this instance holds of the session, after a write no save observes (its activity recorded).</summary>
    void Forget(string tokenHash);
}

/// <summary>A live session and what the request needs of its user, as read at one moment.</summary>
public sealed record CachedSession(
    Guid Id, DateTime LastSeenAt, DateTime IdleExpiresAt, DateTime AbsoluteExpiresAt, DateTime AuthenticatedAt, IReadOnlyList<string> AuthenticationMethods,
    Guid UserId, string Email, string? GivenName, string? FamilyName)
{
    /// <summary>
    /// Whether the session was still within its expiries at <paramref name="now"/> as of this read; revocation
    /// and the user's status are the cache's to follow, and were checked by the read itself.
    /// </summary>
    public bool WithinExpiriesAt(DateTime now) => now < IdleExpiresAt && now < AbsoluteExpiresAt;
}
