using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// A list of strings (or ids) in one text column as a JSON array: the same on every provider (PostgreSQL
/// would otherwise pick an array type and SQLite JSON), compared by value for change tracking.
/// </summary>
internal static class StringListConversion
{
    public static PropertyBuilder<IReadOnlyList<string>> AsJsonList(this PropertyBuilder<IReadOnlyList<string>> property) =>
        property.HasConversion(
            list => JsonSerializer.Serialize(list, (JsonSerializerOptions?)null),
            json => JsonSerializer.Deserialize<List<string>>(json, (JsonSerializerOptions?)null) ?? new List<string>(),
            new ValueComparer<IReadOnlyList<string>>(
                (left, right) => left!.SequenceEqual(right!),
                list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
                list => list.ToList()));

    public static PropertyBuilder<IReadOnlyList<Guid>> AsJsonGuidList(this PropertyBuilder<IReadOnlyList<Guid>> property) =>
        property.HasConversion(
            list => JsonSerializer.Serialize(list, (JsonSerializerOptions?)null),
            json => JsonSerializer.Deserialize<List<Guid>>(json, (JsonSerializerOptions?)null) ?? new List<Guid>(),
            new ValueComparer<IReadOnlyList<Guid>>(
                (left, right) => left!.SequenceEqual(right!),
                list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode())),
                list => list.ToList()));
}
