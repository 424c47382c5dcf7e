using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Persistence.Configurations.Tenancy;

internal sealed class AccountConfiguration : AggregateRootConfiguration<Account>
{
    protected override void ConfigureAggregate(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");
        builder.Property(a => a.Slug).HasMaxLength(Slug.MaxLength);
        builder.Property(a => a.Name).HasMaxLength(Account.MaxNameLength);
        builder.HasIndex(a => a.Slug).IsUnique();
    }
}
