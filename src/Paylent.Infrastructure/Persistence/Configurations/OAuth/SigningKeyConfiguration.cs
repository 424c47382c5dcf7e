using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.Persistence.Configurations.OAuth;

internal sealed class SigningKeyConfiguration : AggregateRootConfiguration<SigningKey>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<SigningKey> builder)
    {
        builder.ToTable("signing_keys");
        builder.Property(k => k.Kid).HasMaxLength(64);
        builder.Property(k => k.Algorithm).HasMaxLength(16);
        builder.Property(k => k.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.PublicKey).HasMaxLength(1024);
        builder.Property(k => k.EncryptedPrivateKey).HasMaxLength(4096);
        builder.HasIndex(k => new { k.EnvironmentId, k.Kid }).IsUnique();
        builder.Ignore(k => k.IsPublished);
    }
}
