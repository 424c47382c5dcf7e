using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Roles;

/// <summary>A role with its own permissions and directly included roles, each by id and slug.</summary>
public sealed record RoleDto(
    Guid Id,
    string Slug,
    string Name,
    string? Description,
    string? ClientId,
    bool IsDefault,
    IReadOnlyList<RoleMember> Permissions,
    IReadOnlyList<RoleMember> IncludedRoles,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>A permission or role a role refers to.</summary>
public sealed record RoleMember(Guid Id, string Slug);

internal static class RoleViews
{
    public static async Task<Role> FindRoleAsync(this IAccessData db, Guid id, CancellationToken cancellationToken) =>
        await db.Roles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new NotFoundException("role");

    public static async Task<RoleDto> ToDtoAsync(this IAccessData db, Role role, CancellationToken cancellationToken) =>
        (await db.ToDtosAsync([role], cancellationToken))[0];

    /// <summary>Two queries whatever the number of roles: their permissions' ids, their included roles' slugs.</summary>
    public static async Task<IReadOnlyList<RoleDto>> ToDtosAsync(this IAccessData db, IReadOnlyList<Role> roles, CancellationToken cancellationToken)
    {
        var slugs = roles.SelectMany(r => r.Permissions).Distinct().ToList();
        var permissions = slugs.Count == 0
            ? []
            : await db.Permissions.AsNoTracking().Where(p => slugs.Contains(p.Slug)).ToDictionaryAsync(p => p.Slug, p => p.Id, cancellationToken);
        var ids = roles.SelectMany(r => r.IncludedRoleIds).Distinct().ToList();
        var included = ids.Count == 0
            ? []
            : await db.Roles.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Slug, cancellationToken);
        return [.. roles.Select(role => new RoleDto(
            role.Id, role.Slug, role.Name, role.Description, role.ClientId, role.IsDefault,
            [.. role.Permissions.Where(permissions.ContainsKey).Select(s => new RoleMember(permissions[s], s))],
            [.. role.IncludedRoleIds.Where(included.ContainsKey).Select(id => new RoleMember(id, included[id]))],
            role.CreatedAt, role.UpdatedAt))];
    }

    /// <summary>At most one default role per environment: marking one clears the others.</summary>
    public static async Task MakeOnlyDefaultAsync(this IAccessData db, Role role, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var other in await db.Roles.Where(r => r.IsDefault && r.Id != role.Id).ToListAsync(cancellationToken))
        {
            other.MarkDefault(false, now);
        }

        role.MarkDefault(true, now);
    }
}

/// <summary>Input shape shared by the commands that take a set of ids.</summary>
internal static class IdSetRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>> MustBeBoundedIdSet<T>(this IRuleBuilder<T, IReadOnlyList<Guid>> rule) =>
        rule.Must(ids => ids is { Count: > 0 and <= AccessLimits.MaxPerRequest })
            .WithMessage($"Give 1 to {AccessLimits.MaxPerRequest} ids in one request.");
}
