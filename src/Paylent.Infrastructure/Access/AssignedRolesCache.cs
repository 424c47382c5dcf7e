using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Paylent.Application.Access;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Access;

/// <summary>
/// Each subject's directly assigned role ids, so a token for a subject seen recently costs no query.
/// An entry is trusted for <see cref="OAuthCacheOptions.RefreshSeconds"/>, like the role graph: a save in
/// this process that changes a subject's assignments drops its entry at once
/// (<see cref="AccessCacheInvalidation"/>), so this instance's next token sees the change, and every other
/// instance's within the refresh interval. The cache is bounded: subjects beyond
/// <see cref="MaxSubjects"/> are read from the database until entries expire.
/// </summary>
public sealed class AssignedRolesCache(IOptions<OAuthCacheOptions> options, PaylentMetrics metrics) : IDisposable
{
    public const int MaxSubjects = 100_000;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxSubjects });

    // Bumped by every invalidation: a load that started before one must not store what it read, since it
    // may have read the assignments as they were before the change that was just committed.
    private long _generation;

    public async Task<IReadOnlyList<Guid>> GetAsync(AssignedRolesKey key, Func<Task<Guid[]>> load)
    {
        if (_entries.TryGetValue(key, out Guid[]? cached) && cached is not null)
        {
            metrics.CacheLookup("role_assignments", hit: true);
            return cached;
        }

        metrics.CacheLookup("role_assignments", hit: false);
        var generation = Interlocked.Read(ref _generation);
        var roleIds = await load();
        if (Interlocked.Read(ref _generation) == generation)
        {
            _entries.Set(key, roleIds, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.RefreshSeconds),
                Size = 1,
            });
        }

        return roleIds;
    }

    public void Invalidate(AssignedRolesKey key)
    {
        Interlocked.Increment(ref _generation);
        _entries.Remove(key);
    }

    public void Dispose() => _entries.Dispose();
}

/// <summary>A user's or a service account's assignments in one environment.</summary>
public readonly record struct AssignedRolesKey(Guid EnvironmentId, Guid? UserId, string? ClientId);

/// <summary>The assignments of the environment the request entered, read through the request's own context on a miss.</summary>
internal sealed class AssignedRoles(AssignedRolesCache cache, EnvironmentContext scope, PaylentDbContext db) : IAssignedRoles
{
    public Task<IReadOnlyList<Guid>> OfUserAsync(Guid userId, CancellationToken cancellationToken) =>
        cache.GetAsync(new AssignedRolesKey(scope.RequiredEnvironmentId, userId, null),
            () => db.RoleAssignments.Where(a => a.UserId == userId).Select(a => a.RoleId).ToArrayAsync(cancellationToken));

    public Task<IReadOnlyList<Guid>> OfClientAsync(string clientId, CancellationToken cancellationToken) =>
        cache.GetAsync(new AssignedRolesKey(scope.RequiredEnvironmentId, null, clientId),
            () => db.RoleAssignments.Where(a => a.ClientId == clientId).Select(a => a.RoleId).ToArrayAsync(cancellationToken));
}
