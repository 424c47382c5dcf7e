using Paylent.Domain.Common;

namespace Paylent.Domain.Access;

/// <summary>
/// A named set of permissions, defined per environment, that may include other roles (a composite).
/// Scoped to one OAuth client (<see cref="ClientId"/>), it reaches only that client's tokens. The slug
/// is immutable and kept as given; <see cref="NormalizedSlug"/> makes it unique case-insensitively.
/// Permissions are held by slug (immutable, so a stable reference) and included roles by id.
/// </summary>
[Audited("role")]
public sealed class Role : AggregateRoot, IEnvironmentScoped
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;

    /// <summary>A role's own permissions and included roles are each bounded, so a role stays a readable unit.</summary>
    public const int MaxPermissions = 500;
    public const int MaxIncludedRoles = 50;

    private Role(Guid environmentId, string slug, string name, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        Slug = slug;
        NormalizedSlug = AccessSlugs.NormalizeRole(slug);
        Name = name;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string Slug { get; private set; }

    [NotAudited]
    public string NormalizedSlug { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    /// <summary>The <c>client_id</c> of the one OAuth client whose tokens carry the role; null: every client's.</summary>
    public string? ClientId { get; private set; }

    /// <summary>Given to every new user of the environment; at most one role is (the use cases keep it so).</summary>
    public bool IsDefault { get; private set; }

    public IReadOnlyList<string> Permissions { get; private set; } = [];

    public IReadOnlyList<Guid> IncludedRoleIds { get; private set; } = [];

    public DateTime CreatedAt { get; private set; }

    [NotAudited]
    public DateTime UpdatedAt { get; private set; }

    public static Role Create(Guid environmentId, string slug, string name, string? description, string? clientId, DateTime now)
    {
        if (!AccessSlugs.IsRole(slug))
        {
            throw new DomainException(
                "invalid_slug",
                $"A role slug is 1-{AccessSlugs.MaxLength} letters, digits and - _ . * in segments separated by ':' (billing:admin, ROLE_ADMIN).",
                "slug");
        }

        var role = new Role(environmentId, slug, RequiredName(name), now) { Description = Blank(description), ClientId = clientId };
        return role;
    }

    /// <summary>Changes nothing, not even <see cref="UpdatedAt"/>, when both are as they were: a repeated request writes nothing.</summary>
    public void Rename(string name, string? description, DateTime now)
    {
        var (renamed, described) = (RequiredName(name), Blank(description));
        if (renamed != Name || described != Description)
        {
            (Name, Description, UpdatedAt) = (renamed, described, now);
        }
    }

    public void MarkDefault(bool isDefault, DateTime now)
    {
        if (IsDefault != isDefault)
        {
            IsDefault = isDefault;
            UpdatedAt = now;
        }
    }

    /// <summary>Adds the permissions the role lacks; returns how many were new.</summary>
    public int AddPermissions(IEnumerable<string> slugs, DateTime now)
    {
        var added = slugs.Distinct(StringComparer.Ordinal).Except(Permissions, StringComparer.Ordinal).ToList();
        if (added.Count == 0)
        {
            return 0;
        }

        if (Permissions.Count + added.Count > MaxPermissions)
        {
            throw new DomainException("too_many_permissions", $"A role holds at most {MaxPermissions} permissions of its own.", "permissions");
        }

        Permissions = [.. Permissions, .. added];
        UpdatedAt = now;
        Raise(new RoleEvent("role.permission_added"));
        return added.Count;
    }

    public int RemovePermissions(IEnumerable<string> slugs, DateTime now)
    {
        var removed = slugs.ToHashSet(StringComparer.Ordinal);
        var kept = Permissions.Where(p => !removed.Contains(p)).ToList();
        if (kept.Count == Permissions.Count)
        {
            return 0;
        }

        var count = Permissions.Count - kept.Count;
        Permissions = kept;
        UpdatedAt = now;
        Raise(new RoleEvent("role.permission_removed"));
        return count;
    }

    /// <summary>
    /// Includes other roles of the environment. Refused when one would make the graph a cycle (this
    /// role reachable from it), or when its client scope does not fit: a role includes roles for every
    /// client, or roles of its own client, so a composite never carries a role into another client's tokens.
    /// </summary>
    public void Include(IReadOnlyCollection<Role> roles, RoleGraph graph, DateTime now)
    {
        var added = roles.Where(r => !IncludedRoleIds.Contains(r.Id)).DistinctBy(r => r.Id).ToList();
        if (added.Count == 0)
        {
            return;
        }

        foreach (var role in added)
        {
            if (role.EnvironmentId != EnvironmentId)
            {
                throw new DomainException("role_not_found", "An included role must be a role of the same environment.", "included_roles");
            }

            if (role.ClientId is not null && role.ClientId != ClientId)
            {
                throw new DomainException(
                    "client_scope_mismatch", $"Role {role.Slug} belongs to another client; a role includes roles for every client or for its own client only.", "included_roles");
            }

            if (role.Id == Id || graph.Reaches(role.Id, Id))
            {
                throw new DomainException("role_cycle", $"Including {role.Slug} in {Slug} would make a cycle of included roles.", "included_roles");
            }
        }

        if (IncludedRoleIds.Count + added.Count > MaxIncludedRoles)
        {
            throw new DomainException("too_many_included_roles", $"A role includes at most {MaxIncludedRoles} roles directly.", "included_roles");
        }

        IncludedRoleIds = [.. IncludedRoleIds, .. added.Select(r => r.Id)];
        UpdatedAt = now;
        Raise(new RoleEvent("role.included_role_added"));
    }

    public bool Exclude(IEnumerable<Guid> roleIds, DateTime now)
    {
        var removed = roleIds.ToHashSet();
        var kept = IncludedRoleIds.Where(id => !removed.Contains(id)).ToList();
        if (kept.Count == IncludedRoleIds.Count)
        {
            return false;
        }

        IncludedRoleIds = kept;
        UpdatedAt = now;
        Raise(new RoleEvent("role.included_role_removed"));
        return true;
    }

    private static string RequiredName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new DomainException("name_required", "A role needs a name.", "name") : name.Trim();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A change to a role that names its own audit action (<c>role.permission_added</c>).</summary>
public sealed record RoleEvent(string Action) : IDomainEvent;
