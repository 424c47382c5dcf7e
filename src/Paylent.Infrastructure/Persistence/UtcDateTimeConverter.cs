using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Paylent.Infrastructure.Persistence;

/// <summary>Every timestamp is UTC in the database and comes back marked as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
