using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Organizations;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.Organizations;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Organizations;

/// <summary>
/// Each user's active memberships (<see cref="SubjectCache{TKey, TValue}"/>, as <see cref="Access.AssignedRolesCache"/>
/// keeps role assignments), so a token in an organization context for a user seen recently costs no query.
/// An entry is trusted for <see cref="OAuthCacheOptions.RefreshSeconds"/>; a save that changes one of the
/// user's memberships drops it, and one that changes an organization (renamed, deleted) drops every entry
/// (<see cref="OrganizationCacheInvalidation"/>), at once here and on every other instance through the change
/// signal, so a deactivated member's next refresh fails everywhere within a second or so.
/// </summary>
public sealed class ActiveMembershipsCache(IOptions<OAuthCacheOptions> options, PaylentMetrics metrics, ChangeSignal signal) : IDisposable
{
    public const int MaxUsers = 100_000;
    public const string Channel = "memberships";

    private readonly SubjectCache<ActiveMembershipsKey, OrganizationMembership[]> _cache = new(
        "memberships", MaxUsers, () => TimeSpan.FromSeconds(options.Value.RefreshSeconds), metrics,
        new(signal, Channel, key => $"{key.EnvironmentId:N}/{key.UserId:N}", ActiveMembershipsKey.TryParse));

    public async Task<IReadOnlyList<OrganizationMembership>> GetAsync(ActiveMembershipsKey key, Func<Task<OrganizationMembership[]>> load) =>
        await _cache.GetAsync(key, load);

    public void Changed(ActiveMembershipsKey key) => _cache.Changed(key);

    public void ChangedAll() => _cache.ChangedAll();

    public void Dispose() => _cache.Dispose();
}

/// <summary>A user's memberships in one environment.</summary>
public readonly record struct ActiveMembershipsKey(Guid EnvironmentId, Guid UserId)
{
    /// <summary>Reads the change signal's payload, <c>{environment}/{user}</c>.</summary>
    public static bool TryParse(string text, out ActiveMembershipsKey key)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && Guid.TryParse(parts[0], out var environmentId) && Guid.TryParse(parts[1], out var userId))
        {
            key = new ActiveMembershipsKey(environmentId, userId);
            return true;
        }

        key = default;
        return false;
    }
}

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
    public IReadOnlyList<Action> Collect(SavedChanges changes)
    {
        if (changes.Entities<Organization>().Any())
        {
            return [memberships.ChangedAll];
        }

        return
        [
            .. changes.Entities<Membership>().Select(m => new ActiveMembershipsKey(m.EnvironmentId, m.UserId)).Distinct()
                .Select(key => (Action)(() => memberships.Changed(key))),
        ];
    }
}
