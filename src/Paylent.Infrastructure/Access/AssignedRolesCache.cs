using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Paylent.Application.Access;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Access;

/// <summary>
/// Each subject's directly assigned role ids, so a token for a subject seen recently costs no query.
/// An entry is trusted for <see cref="OAuthCacheOptions.RefreshSeconds"/>, like the role graph: a save that
/// changes a subject's assignments drops its entry at once here and, through the change signal, on every
/// other instance within a second or so (<see cref="AccessCacheInvalidation"/>). The cache is bounded:
/// subjects beyond <see cref="MaxSubjects"/> are read from the database until entries expire.
/// </summary>
public sealed class AssignedRolesCache : IDisposable
{
    public const int MaxSubjects = 100_000;
    public const string Channel = "role-assignments";

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxSubjects });
    private readonly IOptions<OAuthCacheOptions> _options;
    private readonly PaylentMetrics _metrics;
    private readonly ChangeSignal _signal;
    private readonly IDisposable _subscription;

    // Bumped by every invalidation: a load that started before one must not store what it read, since it
    // may have read the assignments as they were before the change that was just committed.
    private long _generation;

    public AssignedRolesCache(IOptions<OAuthCacheOptions> options, PaylentMetrics metrics, ChangeSignal signal)
    {
        _options = options;
        _metrics = metrics;
        _signal = signal;
        _subscription = signal.Subscribe(Channel, Heard);
    }

    public async Task<IReadOnlyList<Guid>> GetAsync(AssignedRolesKey key, Func<Task<Guid[]>> load)
    {
        if (_entries.TryGetValue(key, out Guid[]? cached) && cached is not null)
        {
            _metrics.CacheLookup("role_assignments", hit: true);
            return cached;
        }

        _metrics.CacheLookup("role_assignments", hit: false);
        var generation = Interlocked.Read(ref _generation);
        var roleIds = await load();
        if (Interlocked.Read(ref _generation) == generation)
        {
            _entries.Set(key, roleIds, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(_options.Value.RefreshSeconds),
                Size = 1,
            });
        }

        return roleIds;
    }

    /// <summary>After a committed change to the subject's assignments: dropped here in this call, and on every other instance.</summary>
    public void Changed(AssignedRolesKey key) => _signal.Publish(Channel, key.ToString());

    public void Dispose()
    {
        _subscription.Dispose();
        _entries.Dispose();
    }

    private void Heard(ChangeNotice notice)
    {
        Interlocked.Increment(ref _generation);
        if (notice.Everything)
        {
            _entries.Clear();
        }
        else if (AssignedRolesKey.TryParse(notice.Payload!, out var key))
        {
            _entries.Remove(key);
        }
    }
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
