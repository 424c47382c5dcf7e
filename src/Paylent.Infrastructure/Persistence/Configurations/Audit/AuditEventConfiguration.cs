using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Paylent.Domain.Audit;

namespace Paylent.Infrastructure.Persistence.Configurations.Audit;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public const int MaxActionLength = 100;
    public const int MaxTypeLength = 50;
    public const int MaxIdLength = 200;

    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Action).HasMaxLength(MaxActionLength);
        builder.Ignore(e => e.Actor);
        builder.Property(e => e.ActorType).HasMaxLength(MaxTypeLength);
        builder.Property(e => e.ActorId).HasMaxLength(MaxIdLength);
        builder.HasIndex(e => e.ActorId);

        // Targets get their own table so `filter[target_id]` is an index seek, not a JSON scan.
        builder.OwnsMany(e => e.Targets, target =>
        {
            target.ToTable("audit_event_targets");
            target.WithOwner().HasForeignKey("AuditEventId");
            target.Property<Guid>("Key");
            target.HasKey("Key");
            target.Property(t => t.Type).HasMaxLength(MaxTypeLength);
            target.Property(t => t.Id).HasMaxLength(MaxIdLength).IsRequired();
            target.HasIndex(t => t.Id);
        });
        builder.Navigation(e => e.Targets).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.Property(e => e.Changes).HasConversion(Json<IReadOnlyDictionary<string, AuditChange>>(), ByReference<IReadOnlyDictionary<string, AuditChange>>());
        builder.Property(e => e.Metadata).HasConversion(Json<IReadOnlyDictionary<string, string>>(), ByReference<IReadOnlyDictionary<string, string>>());

        builder.HasIndex(e => new { e.EnvironmentId, e.OccurredAt });
        builder.HasIndex(e => new { e.AccountId, e.OccurredAt });
        builder.HasIndex(e => e.Action);
    }

    private static ValueConverter<T, string> Json<T>()
        where T : class =>
        new(value => JsonSerializer.Serialize(value, AuditJson.Options), json => JsonSerializer.Deserialize<T>(json, AuditJson.Options)!);

    // Audit events are never modified, so reference equality is all the change tracker needs.
    private static ValueComparer<T> ByReference<T>()
        where T : class =>
        new((left, right) => ReferenceEquals(left, right), value => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(value), value => value);
}

/// <summary>How audit values are stored: web defaults, enums by their API names (<c>confidential</c>).</summary>
internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
