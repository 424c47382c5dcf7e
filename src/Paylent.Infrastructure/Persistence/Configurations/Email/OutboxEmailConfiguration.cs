using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Email;

namespace Paylent.Infrastructure.Persistence.Configurations.Email;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("outbox_emails");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Recipient).HasMaxLength(OutboxEmail.MaxAddressLength);
        builder.Property(m => m.LastError).HasMaxLength(OutboxEmail.MaxErrorLength);
        builder.Property(m => m.Version).IsConcurrencyToken();

        // The sender's scan: unsent messages by due time.
        builder.HasIndex(m => new { m.SentAt, m.FailedAt, m.NextAttemptAt });

        // The pruner's scan of given-up messages (sent ones use the index above).
        builder.HasIndex(m => m.FailedAt);
    }
}
