using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Infrastructure.Domains.Challenges;
using Paylent.Infrastructure.Domains.Tls;

namespace Paylent.Infrastructure.Persistence.Configurations.Domains;

/// <summary>The certificates served by SNI, one per hostname, installation-wide (no query filter: the TLS handshake has no environment).</summary>
internal sealed class StoredCertificateConfiguration : IEntityTypeConfiguration<StoredCertificate>
{
    public void Configure(EntityTypeBuilder<StoredCertificate> builder)
    {
        builder.ToTable("tls_certificates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Hostname).HasMaxLength(StoredCertificate.MaxHostnameLength);
        builder.Property(c => c.Issuer).HasMaxLength(StoredCertificate.MaxIssuerLength);
        builder.Property(c => c.Serial).HasMaxLength(StoredCertificate.MaxSerialLength);
        builder.HasIndex(c => c.Hostname).IsUnique();
    }
}

/// <summary>HTTP-01 answers, found by the hostname and token of the request (installation-wide, like the certificates).</summary>
internal sealed class PendingChallengeConfiguration : IEntityTypeConfiguration<PendingChallenge>
{
    public void Configure(EntityTypeBuilder<PendingChallenge> builder)
    {
        builder.ToTable("acme_challenges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Hostname).HasMaxLength(PendingChallenge.MaxHostnameLength);
        builder.Property(c => c.Token).HasMaxLength(PendingChallenge.MaxTokenLength);
        builder.Property(c => c.KeyAuthorization).HasMaxLength(PendingChallenge.MaxKeyAuthorizationLength);
        builder.HasIndex(c => new { c.Hostname, c.Token }).IsUnique();
        builder.HasIndex(c => c.ExpiresAt);
    }
}
