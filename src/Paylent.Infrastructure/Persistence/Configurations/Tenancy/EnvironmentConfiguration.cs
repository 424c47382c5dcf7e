using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Persistence.Configurations.Tenancy;

internal sealed class EnvironmentConfiguration : AggregateRootConfiguration<PaylentEnvironment>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<PaylentEnvironment> builder)
    {
        builder.ToTable("environments");
        builder.Property(e => e.Slug).HasMaxLength(Slug.MaxLength);
        builder.HasIndex(e => new { e.AccountId, e.Slug }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
