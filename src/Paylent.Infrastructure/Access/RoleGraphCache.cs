using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Application.Access;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Access;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Access;

/// <summary>
/// Every environment's role graph (roles, their permissions and included roles), so issuing a token
/// reads only its subject's assignments. Reloaded whole (one query) once older than
/// <see cref="OAuthCacheOptions.RefreshSeconds"/>; a save that changes a role drops it at once here and, through
/// the change signal, on every other instance within a second or so (<see cref="AccessCacheInvalidation"/>);
/// the refresh interval remains the bound when a notice is lost.
/// </summary>
public sealed class RoleGraphCache(IServiceScopeFactory scopes, IOptions<OAuthCacheOptions> options, PaylentMetrics metrics, ChangeSignal signal, TimeProvider clock)
{
    public const string Channel = "role-graphs";

    private readonly RefreshingCache<Guid, RoleGraph> _graphs = new(
        clock, () => TimeSpan.FromSeconds(options.Value.RefreshSeconds), hit => metrics.CacheLookup("role_graphs", hit), CacheChanges.ByEnvironment(signal, Channel));

    public async Task<RoleGraph> GetAsync(Guid environmentId) => (await _graphs.GetAsync(environmentId, LoadAsync))!;

    public void Changed(Guid environmentId) => _graphs.Changed(environmentId);

    private async Task<RoleGraph?> LoadAsync(Guid environmentId, RoleGraph? previous)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().Roles
            .IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId)
            .ToListAsync();
        return RoleGraph.Of(roles);
    }
}

/// <summary>The role graph of the environment the request entered.</summary>
internal sealed class RoleGraphs(RoleGraphCache cache, EnvironmentContext scope) : IRoleGraphCache
{
    public Task<RoleGraph> CurrentAsync(CancellationToken cancellationToken) => cache.GetAsync(scope.RequiredEnvironmentId);
}

/// <summary>
/// What a save makes stale in Access's caches: any added, changed or deleted role's environment graph,
/// and any added or removed assignment's subject.
/// </summary>
public sealed class AccessCacheInvalidation(RoleGraphCache graphs, AssignedRolesCache assignments) : ISaveObserver
{
    // A role written only to hold it (its version alone: the roles IncludeRoles' new edges lead to, the roles
    // DeletePermission writes) changes nothing a graph holds.
    public IReadOnlyList<Action> Collect(SavedChanges changes) =>
    [
        .. changes.Changed<Role>().Select(r => r.EnvironmentId).Distinct()
            .Select(environmentId => (Action)(() => graphs.Changed(environmentId))),
        .. changes.Entities<RoleAssignment>().Select(a => new AssignedRolesKey(a.EnvironmentId, a.UserId, a.ClientId)).Distinct()
            .Select(key => (Action)(() => assignments.Changed(key))),
    ];
}
