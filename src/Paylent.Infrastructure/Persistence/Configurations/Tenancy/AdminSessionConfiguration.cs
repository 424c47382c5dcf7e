using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Persistence.Configurations.Tenancy;

internal sealed class AdminSessionConfiguration : AggregateRootConfiguration<AdminSession>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<AdminSession> builder)
    {
        builder.ToTable("admin_sessions");
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.IpAddress).HasMaxLength(AdminSession.MaxIpAddressLength);
        builder.Property(s => s.UserAgent).HasMaxLength(AdminSession.MaxUserAgentLength);

        // Looked up by hash alone on every dashboard request: 256 random bits make a collision impossible.
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => s.AdminId);

        // The pruner's scans: sessions ended by sign-out, revocation or expiry (DataPruner).
        builder.HasIndex(s => s.IdleExpiresAt);
        builder.HasIndex(s => s.EndedAt);
        builder.HasOne<Admin>().WithMany().HasForeignKey(s => s.AdminId).OnDelete(DeleteBehavior.Cascade);
    }
}
