using System.Collections.Concurrent;

namespace Paylent.Domain.Access;

/// <summary>One role as the graph sees it: a snapshot, safe to share between requests.</summary>
public sealed record RoleNode(Guid Id, string Slug, string? ClientId, IReadOnlyList<string> Permissions, IReadOnlyList<Guid> IncludedRoleIds)
{
    public static RoleNode From(Role role) => new(role.Id, role.Slug, role.ClientId, role.Permissions, role.IncludedRoleIds);
}

/// <summary>
/// An environment's roles and what they include. Included roles are followed transitively; the
/// graph has no cycle (<see cref="Role.Include"/> refuses one), and the walk keeps a visited set anyway,
/// so a cycle written behind the domain's back could not make it loop.
/// </summary>
/// <remarks>
/// A graph is a snapshot: a changed role makes a new one. So what <see cref="Resolve"/> computes for a set
/// of roles and a client never goes stale and is kept on the snapshot, up to <see cref="MaxResolvedSets"/>
/// sets: the many subjects holding the same roles cost one walk between two changes, not one per token.
/// </remarks>
public sealed class RoleGraph
{
    public const int MaxResolvedSets = 10_000;

    private readonly Dictionary<Guid, RoleNode> _roles;
    private readonly ConcurrentDictionary<AssignedSet, EffectiveAccess> _resolved = new();
    private int _resolvedCount;

    public RoleGraph(IEnumerable<RoleNode> roles) => _roles = roles.ToDictionary(r => r.Id);

    public static RoleGraph Of(IEnumerable<Role> roles) => new(roles.Select(RoleNode.From));

    public IReadOnlyCollection<RoleNode> Roles => _roles.Values;

    /// <summary>Whether <paramref name="to"/> is <paramref name="from"/> or one of the roles it includes, at any depth.</summary>
    public bool Reaches(Guid from, Guid to) => Walk([from]).Any(r => r.Id == to);

    /// <summary>The roles <paramref name="start"/> are or include, at any depth.</summary>
    public IEnumerable<Guid> Reachable(IEnumerable<Guid> start) => Walk(start).Select(r => r.Id);

    /// <summary>
    /// What a subject assigned these roles has, as seen by one client's tokens (<paramref name="clientId"/>):
    /// the assigned roles for every client and for that client, the roles they include, and the union of
    /// their permissions, each with the roles that hold it. With no client, environment-wide roles only.
    /// </summary>
    public EffectiveAccess Resolve(IEnumerable<Guid> assignedRoleIds, string? clientId)
    {
        var set = new AssignedSet([.. assignedRoleIds.Distinct().Order()], clientId);
        if (_resolved.TryGetValue(set, out var known))
        {
            return known;
        }

        var access = Compute(set.RoleIds, clientId);
        if (Interlocked.Increment(ref _resolvedCount) <= MaxResolvedSets)
        {
            _resolved.TryAdd(set, access);
        }

        return access;
    }

    private EffectiveAccess Compute(IEnumerable<Guid> assignedRoleIds, string? clientId)
    {
        var visible = assignedRoleIds
            .Select(id => _roles.GetValueOrDefault(id))
            .Where(r => r is not null && (r.ClientId is null || r.ClientId == clientId))
            .Select(r => r!.Id);
        var roles = Walk(visible).Where(r => r.ClientId is null || r.ClientId == clientId).ToList();
        var permissions = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            foreach (var permission in role.Permissions)
            {
                if (!permissions.TryGetValue(permission, out var via))
                {
                    permissions[permission] = via = [];
                }

                via.Add(role.Slug);
            }
        }

        return new EffectiveAccess(
            [.. roles.Select(r => r.Slug).Order(StringComparer.Ordinal)],
            [.. permissions.Select(p => new EffectivePermission(p.Key, [.. p.Value.Order(StringComparer.Ordinal)]))]);
    }

    private IEnumerable<RoleNode> Walk(IEnumerable<Guid> start)
    {
        var seen = new HashSet<Guid>();
        var pending = new Stack<Guid>(start);
        while (pending.TryPop(out var id))
        {
            if (!seen.Add(id) || !_roles.TryGetValue(id, out var role))
            {
                continue;
            }

            yield return role;
            foreach (var included in role.IncludedRoleIds)
            {
                pending.Push(included);
            }
        }
    }
}

/// <summary>A subject's effective roles (slugs) and permissions, each permission with the roles that grant it.</summary>
public sealed record EffectiveAccess(IReadOnlyList<string> Roles, IReadOnlyList<EffectivePermission> Permissions)
{
    public static readonly EffectiveAccess None = new([], []);

    /// <summary>The permissions' slugs, sorted, as tokens carry them (computed once per resolved set).</summary>
    public IReadOnlyList<string> PermissionSlugs => field ??= [.. Permissions.Select(p => p.Slug)];

    /// <summary>The roles granting <paramref name="permission"/>, exactly or by a wildcard (<see cref="AccessSlugs.Covers"/>).</summary>
    public IReadOnlyList<string> Granting(string permission) =>
        [.. Permissions.Where(p => AccessSlugs.Covers(p.Slug, permission)).SelectMany(p => p.Via).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

public sealed record EffectivePermission(string Slug, IReadOnlyList<string> Via);

/// <summary>A sorted, distinct set of role ids seen by one client: the key of a memoized <see cref="RoleGraph.Resolve"/>.</summary>
internal sealed class AssignedSet(Guid[] roleIds, string? clientId) : IEquatable<AssignedSet>
{
    private readonly int _hash = HashOf(roleIds, clientId);

    public Guid[] RoleIds => roleIds;

    public string? ClientId => clientId;

    public bool Equals(AssignedSet? other) =>
        other is not null && _hash == other._hash && string.Equals(ClientId, other.ClientId, StringComparison.Ordinal) && RoleIds.AsSpan().SequenceEqual(other.RoleIds);

    public override bool Equals(object? obj) => Equals(obj as AssignedSet);

    public override int GetHashCode() => _hash;

    private static int HashOf(Guid[] roleIds, string? clientId)
    {
        var hash = new HashCode();
        hash.Add(clientId, StringComparer.Ordinal);
        foreach (var id in roleIds)
        {
            hash.Add(id);
        }

        return hash.ToHashCode();
    }
}
