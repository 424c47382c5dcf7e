using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Infrastructure.Domains.Certificates;
using Paylent.Infrastructure.Domains.Tls;

namespace Paylent.Infrastructure.Persistence.Configurations.Domains;

/// <summary>The install's ACME account keys, one per CA directory (installation-wide: no environment owns them).</summary>
internal sealed class AcmeAccountRecordConfiguration : IEntityTypeConfiguration<AcmeAccountRecord>
{
    public void Configure(EntityTypeBuilder<AcmeAccountRecord> builder)
    {
        builder.ToTable("acme_accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.DirectoryUrl).HasMaxLength(AcmeAccountRecord.MaxUrlLength);
        builder.Property(a => a.AccountUrl).HasMaxLength(AcmeAccountRecord.MaxUrlLength);
        builder.HasIndex(a => a.DirectoryUrl).IsUnique();
    }
}

/// <summary>One lease, failure count and renewal-information state per domain, by its id.</summary>
internal sealed class CertificateAttemptConfiguration : IEntityTypeConfiguration<CertificateAttempt>
{
    public void Configure(EntityTypeBuilder<CertificateAttempt> builder)
    {
        builder.ToTable("certificate_attempts");
        builder.HasKey(a => a.DomainId);
        builder.Property(a => a.DomainId).ValueGeneratedNever();
        builder.Property(a => a.LeaseHolder).HasMaxLength(CertificateAttempt.MaxHolderLength);
        builder.Property(a => a.RenewalInfoSerial).HasMaxLength(StoredCertificate.MaxSerialLength);
    }
}

/// <summary>Orders sent, counted per account over the last hour.</summary>
internal sealed class CertificateOrderRecordConfiguration : IEntityTypeConfiguration<CertificateOrderRecord>
{
    public void Configure(EntityTypeBuilder<CertificateOrderRecord> builder)
    {
        builder.ToTable("certificate_orders");
        builder.HasKey(o => o.Id);
        builder.HasIndex(o => new { o.AccountId, o.CreatedAt });
        builder.HasIndex(o => o.CreatedAt);
    }
}
