using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Paylent.Domain.Domains;

namespace Paylent.Infrastructure.Persistence.Configurations.Domains;

internal sealed class CustomDomainConfiguration : AggregateRootConfiguration<CustomDomain>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<CustomDomain> builder)
    {
        builder.ToTable("custom_domains");
        builder.Property(d => d.Hostname).HasMaxLength(Hostname.MaxLength);
        builder.Property(d => d.HostnameUnicode).HasMaxLength(Hostname.MaxInputLength);
        builder.Property(d => d.VerificationValue).HasMaxLength(100);

        // States as the API spells them (pending_verification), so the table reads like the API.
        builder.Property(d => d.State).HasConversion(new ValueConverter<DomainState, string>(
            s => DomainStates.Name(s), s => DomainStates.Parse(s)!.Value)).HasMaxLength(32);
        builder.Property(d => d.CertificateStatus).HasConversion(new ValueConverter<CertificateStatus, string>(
            s => DomainStates.Name(s), s => Enum.GetValues<CertificateStatus>().Single(c => DomainStates.Name(c) == s))).HasMaxLength(32);
        builder.Property(d => d.LastError).HasMaxLength(CustomDomain.MaxErrorLength);
        builder.Property(d => d.CertificateIssuer).HasMaxLength(CustomDomain.MaxErrorLength);
        builder.Property(d => d.CertificateSerial).HasMaxLength(CustomDomain.MaxErrorLength);

        // A host serves one environment of the whole install: unique across environments, not within one.
        builder.HasIndex(d => d.Hostname).IsUnique();
        builder.HasIndex(d => new { d.EnvironmentId, d.Hostname });

        // The re-check job's scan: proven domains, longest unchecked first.
        builder.HasIndex(d => new { d.State, d.LastCheckedAt });

        // The issuance and renewal jobs' scan: domains by state whose (re)order time has come.
        builder.HasIndex(d => new { d.State, d.RenewAfter });
    }
}
