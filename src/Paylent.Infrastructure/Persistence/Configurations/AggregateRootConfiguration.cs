using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Paylent.Domain.Common;

namespace Paylent.Infrastructure.Persistence.Configurations;

/// <summary>What every aggregate's mapping shares: events are not stored, the version guards concurrency.</summary>
internal abstract class AggregateRootConfiguration<T> : IEntityTypeConfiguration<T>
    where T : AggregateRoot
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.DomainEvents);
        builder.Property(e => e.Version).IsConcurrencyToken();
        ConfigureAggregate(builder);
    }

    protected abstract void ConfigureAggregate(EntityTypeBuilder<T> builder);
}
