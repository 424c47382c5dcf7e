using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Identity;

namespace Paylent.Infrastructure.Persistence.Configurations.Identity;

internal sealed class UserConfiguration : AggregateRootConfiguration<User>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.Email).HasMaxLength(User.MaxEmailLength);
        builder.Property(u => u.NormalizedEmail).HasMaxLength(User.MaxEmailLength);
        builder.Property(u => u.Username).HasMaxLength(User.MaxUsernameLength);
        builder.Property(u => u.NormalizedUsername).HasMaxLength(User.MaxUsernameLength);
        builder.Property(u => u.GivenName).HasMaxLength(User.MaxNameLength);
        builder.Property(u => u.FamilyName).HasMaxLength(User.MaxNameLength);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.PasswordHash).HasMaxLength(Tenancy.AdminConfiguration.MaxPasswordHashLength);
        builder.Ignore(u => u.IsActive);
        builder.Ignore(u => u.HasPassword);
        builder.Ignore(u => u.FullName);
        builder.HasIndex(u => new { u.EnvironmentId, u.NormalizedEmail }).IsUnique();
        builder.HasIndex(u => new { u.EnvironmentId, u.NormalizedUsername }).IsUnique();
    }
}

internal sealed class SessionConfiguration : AggregateRootConfiguration<Session>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("sessions");
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.AuthenticationMethods).AsJsonList();
        builder.Property(s => s.IpAddress).HasMaxLength(Session.MaxIpAddressLength);
        builder.Property(s => s.UserAgent).HasMaxLength(Session.MaxUserAgentLength);

        // Looked up by hash alone: 256 random bits make a collision impossible.
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => new { s.EnvironmentId, s.UserId });

        // The pruner's scans: sessions ended by revocation or by expiry (DataPruner).
        builder.HasIndex(s => s.IdleExpiresAt);
        builder.HasIndex(s => s.RevokedAt);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserTokenConfiguration : IEntityTypeConfiguration<UserToken>
{
    public void Configure(EntityTypeBuilder<UserToken> builder)
    {
        builder.ToTable("user_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.Property(t => t.Email).HasMaxLength(User.MaxEmailLength);

        // Spending is "UPDATE ... WHERE used_at IS NULL": of two requests spending one link at once, the
        // second's update finds it spent and fails, whatever each read before.
        builder.Property(t => t.UsedAt).IsConcurrencyToken();
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.ExpiresAt);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
