using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Organizations;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.Organizations;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Organizations;

/// <summary>
/// Each user's active memberships, so a token in an organization context for a user seen recently costs
/// no query (as <see cref="Access.AssignedRolesCache"/> does for role assignments). An entry is trusted for
/// <see cref="OAuthCacheOptions.RefreshSeconds"/>; a save in this process that changes one of the user's
/// memberships drops it at once, and one that changes an organization (renamed, deleted) drops every
/// entry (<see cref="OrganizationCacheInvalidation"/>), so a deactivated member's next refresh here fails
/// at once, and on every other instance within the refresh interval.
/// </summary>
public sealed class ActiveMembershipsCache(IOptions<OAuthCacheOptions> options, PaylentMetrics metrics) : IDisposable
{
    public const int MaxUsers = 100_000;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxUsers });

    // Bumped by every invalidation: a load that started before one must not store what it read.
    private long _generation;

    public async Task<IReadOnlyList<OrganizationMembership>> GetAsync(ActiveMembershipsKey key, Func<Task<OrganizationMembership[]>> load)
    {
        if (_entries.TryGetValue(key, out OrganizationMembership[]? cached) && cached is not null)
        {
            metrics.CacheLookup("memberships", hit: true);
            return cached;
        }

        metrics.CacheLookup("memberships", hit: false);
        var generation = Interlocked.Read(ref _generation);
        var memberships = await load();
        if (Interlocked.Read(ref _generation) == generation)
        {
            _entries.Set(key, memberships, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.RefreshSeconds),
                Size = 1,
            });
        }

        return memberships;
    }

    public void Invalidate(ActiveMembershipsKey key)
    {
        Interlocked.Increment(ref _generation);
        _entries.Remove(key);
    }

    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Compact(1.0);
    }

    public void Dispose() => _entries.Dispose();
}

/// <summary>A user's memberships in one environment.</summary>
public readonly record struct ActiveMembershipsKey(Guid EnvironmentId, Guid UserId);

/// <summary>The active memberships of a user of the environment the request entered, read through the request's own context on a miss.</summary>
internal sealed class ActiveMemberships(ActiveMembershipsCache cache, EnvironmentContext scope, PaylentDbContext db) : IActiveMemberships
{
    public Task<IReadOnlyList<OrganizationMembership>> OfUserAsync(Guid userId, CancellationToken cancellationToken) =>
        cache.GetAsync(new ActiveMembershipsKey(scope.RequiredEnvironmentId, userId), () =>
            db.Memberships.AsNoTracking().Where(m => m.UserId == userId && m.Status == MembershipStatus.Active)
                .Join(db.Organizations.AsNoTracking(), m => m.OrganizationId, o => o.Id, (m, o) => new { o.Id, o.Slug, o.Name, m.RoleIds })
                .OrderBy(m => m.Slug)
                .Select(m => new OrganizationMembership(m.Id, m.Slug, m.Name, m.RoleIds))
                .ToArrayAsync(cancellationToken));
}

/// <summary>What a save makes stale in <see cref="ActiveMembershipsCache"/>: a changed membership's user; every user when an organization changes.</summary>
public sealed class OrganizationCacheInvalidation(ActiveMembershipsCache memberships) : ISaveObserver
{
    public IReadOnlyList<Action> Collect(ChangeTracker changes)
    {
        if (Changed<Organization>(changes).Any())
        {
            return [memberships.InvalidateAll];
        }

        return
        [
            .. Changed<Membership>(changes).Select(m => new ActiveMembershipsKey(m.EnvironmentId, m.UserId)).Distinct()
                .Select(key => (Action)(() => memberships.Invalidate(key))),
        ];
    }

    private static IEnumerable<T> Changed<T>(ChangeTracker changes)
        where T : class =>
        changes.Entries<T>().Where(e => e.State is not (EntityState.Unchanged or EntityState.Detached)).Select(e => e.Entity);
}
