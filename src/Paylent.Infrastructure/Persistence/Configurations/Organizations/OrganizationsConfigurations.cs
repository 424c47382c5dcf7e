using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Identity;
using Paylent.Domain.Organizations;

namespace Paylent.Infrastructure.Persistence.Configurations.Organizations;

internal sealed class OrganizationConfiguration : AggregateRootConfiguration<Organization>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.Property(o => o.Slug).HasMaxLength(Organization.MaxSlugLength);
        builder.Property(o => o.Name).HasMaxLength(Organization.MaxNameLength);

        // Text, not jsonb: the domain has checked it is a bounded JSON object, and text keeps it as written.
        builder.Property(o => o.Metadata);
        builder.HasIndex(o => new { o.EnvironmentId, o.Slug }).IsUnique();
    }
}

internal sealed class MembershipConfiguration : AggregateRootConfiguration<Membership>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("memberships");
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.RoleIds).AsJsonGuidList();

        // One membership per user and organization, also for two adds (or accepts) at once.
        builder.HasIndex(m => new { m.OrganizationId, m.UserId }).IsUnique();
        builder.HasIndex(m => new { m.EnvironmentId, m.UserId });
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);

        // The module removes a deleted user's memberships (audited); the cascade is the storage's backstop.
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : AggregateRootConfiguration<Invitation>
{
    public const string PendingPerEmailIndex = "ix_invitations_pending_per_email";

    /// <summary>Plain SQL that SQLite and PostgreSQL read alike; the status is stored by its name.</summary>
    public const string PendingFilter = "status = 'Pending'";

    protected override void ConfigureAggregate(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("invitations");
        builder.Property(i => i.Email).HasMaxLength(254);
        builder.Property(i => i.NormalizedEmail).HasMaxLength(254);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.RoleIds).AsJsonGuidList();
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.OrganizationId, i.NormalizedEmail });

        // One pending invitation per address and organization, also under concurrent invitations.
        builder.HasIndex(i => new { i.OrganizationId, i.NormalizedEmail }, PendingPerEmailIndex).IsUnique().HasFilter(PendingFilter);

        // The expiry job ranges over pending invitations by expiry.
        builder.HasIndex(i => new { i.Status, i.ExpiresAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
