using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Persistence.Configurations.Tenancy;

internal sealed class AdminConfiguration : AggregateRootConfiguration<Admin>
{
    public const int MaxPasswordHashLength = 256;

    protected override void ConfigureAggregate(EntityTypeBuilder<Admin> builder)
    {
        builder.ToTable("admins");
        builder.Property(a => a.Email).HasMaxLength(Admin.MaxEmailLength);
        builder.Property(a => a.PasswordHash).HasMaxLength(MaxPasswordHashLength);

        // Admins sign in on the shared dashboard host by email alone, so an email is one admin.
        builder.HasIndex(a => a.Email).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
