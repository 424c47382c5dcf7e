using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Paylent.Application.Access;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Access;

/// <summary>
/// Each subject's directly assigned role ids (<see cref="SubjectCache{TKey, TValue}"/>): trusted for
/// <see cref="OAuthCacheOptions.RefreshSeconds"/>, like the role graph, and dropped on every instance as soon
/// as a save changes the subject's assignments (<see cref="AccessCacheInvalidation"/>).
/// </summary>
public sealed class AssignedRolesCache(IOptions<OAuthCacheOptions> options, PaylentMetrics metrics, ChangeSignal signal) : IDisposable
{
    public const int MaxSubjects = 100_000;
    public const string Channel = "role-assignments";

    private readonly SubjectCache<AssignedRolesKey, Guid[]> _cache = new(
        "role_assignments", MaxSubjects, () => TimeSpan.FromSeconds(options.Value.RefreshSeconds), metrics,
        new(signal, Channel, key => key.ToString(), AssignedRolesKey.TryParse));

    public async Task<IReadOnlyList<Guid>> GetAsync(AssignedRolesKey key, Func<Task<Guid[]>> load) => await _cache.GetAsync(key, load);

    /// <summary>After a committed change to the subject's assignments: dropped here in this call, and on every other instance.</summary>
    public void Changed(AssignedRolesKey key) => _cache.Changed(key);

    public void Dispose() => _cache.Dispose();
}

/// <summary>A user's or a service account's assignments in one environment.</summary>
public readonly record struct AssignedRolesKey(Guid EnvironmentId, Guid? UserId, string? ClientId)
{
    /// <summary>The change signal's payload: <c>{environment}/u/{user}</c> or <c>{environment}/c/{client_id}</c>.</summary>
    public override string ToString() => UserId is { } user ? $"{EnvironmentId:N}/u/{user:N}" : $"{EnvironmentId:N}/c/{ClientId}";

    public static bool TryParse(string text, out AssignedRolesKey key)
    {
        key = default;
        var parts = text.Split('/', 3);
        if (parts.Length != 3 || !Guid.TryParse(parts[0], out var environmentId))
        {
            return false;
        }

        switch (parts[1])
        {
            case "u" when Guid.TryParse(parts[2], out var userId):
                key = new AssignedRolesKey(environmentId, userId, null);
                return true;
            case "c" when parts[2].Length > 0:
                key = new AssignedRolesKey(environmentId, null, parts[2]);
                return true;
            default:
                return false;
        }
    }
}

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
