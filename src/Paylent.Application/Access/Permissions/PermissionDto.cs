using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Permissions;

public sealed record PermissionDto(Guid Id, string Slug, string? Description, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static PermissionDto From(Permission permission) =>
        new(permission.Id, permission.Slug, permission.Description, permission.CreatedAt, permission.UpdatedAt);
}

internal static class PermissionLookup
{
    public static async Task<Permission> FindAsync(this IAccessData db, Guid id, CancellationToken cancellationToken) =>
        await db.Permissions.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new NotFoundException("permission");
}
