using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Access;
using Paylent.Domain.Identity;

namespace Paylent.Infrastructure.Persistence.Configurations.Access;

internal sealed class PermissionConfiguration : AggregateRootConfiguration<Permission>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<Permission> builder)
    {
        builder.ToTable("permissions");
        builder.Property(p => p.Slug).HasMaxLength(AccessSlugs.MaxLength);
        builder.Property(p => p.Description).HasMaxLength(Permission.MaxDescriptionLength);
        builder.HasIndex(p => new { p.EnvironmentId, p.Slug }).IsUnique();
    }
}

internal sealed class RoleConfiguration : AggregateRootConfiguration<Role>
{
    public const string OneDefaultIndex = "ix_roles_one_default";

    // A boolean column as a condition: true on PostgreSQL, non-zero on SQLite.
    public const string DefaultFilter = "is_default";

    protected override void ConfigureAggregate(EntityTypeBuilder<Role> builder)
    {
        builder.ToTable("roles");
        builder.Property(r => r.Slug).HasMaxLength(AccessSlugs.MaxLength);

        // Slugs keep their case but are unique without it, on every provider: a lower-cased copy carries the unique index.
        builder.Property(r => r.NormalizedSlug).HasMaxLength(AccessSlugs.MaxLength);
        builder.Property(r => r.Name).HasMaxLength(Role.MaxNameLength);
        builder.Property(r => r.Description).HasMaxLength(Role.MaxDescriptionLength);
        builder.Property(r => r.ClientId).HasMaxLength(64);
        builder.Property(r => r.Permissions).AsJsonList();
        builder.Property(r => r.IncludedRoleIds).AsJsonGuidList();
        builder.HasIndex(r => new { r.EnvironmentId, r.NormalizedSlug }).IsUnique();

        // At most one default role per environment, also when two saves mark one at the same time.
        builder.HasIndex(r => r.EnvironmentId, OneDefaultIndex).IsUnique().HasFilter(DefaultFilter);
    }
}

internal sealed class RoleAssignmentConfiguration : AggregateRootConfiguration<RoleAssignment>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.ToTable("role_assignments");
        builder.Property(a => a.ClientId).HasMaxLength(64);

        // Token issuance reads a subject's assignments by these indexes: one indexed query per token.
        builder.HasIndex(a => new { a.EnvironmentId, a.UserId, a.RoleId }).IsUnique();
        builder.HasIndex(a => new { a.EnvironmentId, a.ClientId, a.RoleId }).IsUnique();
        builder.HasIndex(a => a.RoleId);
        builder.HasIndex(a => a.UserId);

        // A subject's roles take distinct places (RoleAssignment.Slot): the limit of roles a subject holds, kept by the store.
        builder.HasIndex(a => new { a.EnvironmentId, a.UserId, a.Slot }).IsUnique();
        builder.HasIndex(a => new { a.EnvironmentId, a.ClientId, a.Slot }).IsUnique();
        builder.HasOne<Role>().WithMany().HasForeignKey(a => a.RoleId).OnDelete(DeleteBehavior.Cascade);

        // The Access module removes a deleted user's assignments (audited); the cascade is the storage's backstop.
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
