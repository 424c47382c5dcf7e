using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Paylent.Infrastructure.Persistence.Configurations;

/// <summary>
/// ASP.NET's data-protection key ring, one row per key, shared by every instance. Keys belong to the
/// installation, not to an account or environment: no query filter. The XML's key material is sealed
/// with the key-encryption key before it reaches this table (<c>Common/DataProtection</c>).
/// </summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.HasKey(k => k.Id);
    }
}
