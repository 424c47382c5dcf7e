using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Common;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// Keeps environments apart: every <see cref="IEnvironmentScoped"/> entity gets a query filter on the
/// current environment, and a save that would write into another environment is refused.
/// </summary>
internal static class EnvironmentScoping
{
    public static void ApplyQueryFilters<TContext>(ModelBuilder modelBuilder, TContext context)
        where TContext : DbContext, IEnvironmentScopedContext
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes()
                     .Where(t => typeof(IEnvironmentScoped).IsAssignableFrom(t.ClrType) && t.BaseType is null))
        {
            // e => e.EnvironmentId == context.CurrentEnvironmentId (null matches nothing: fail closed)
            var entity = Expression.Parameter(entityType.ClrType, "e");
            var environmentId = Expression.Convert(
                Expression.Property(entity, nameof(IEnvironmentScoped.EnvironmentId)), typeof(Guid?));
            var current = Expression.Property(Expression.Constant(context), nameof(IEnvironmentScopedContext.CurrentEnvironmentId));
            entityType.SetQueryFilter(Expression.Lambda(Expression.Equal(environmentId, current), entity));
        }
    }

    public static void GuardWrites(ChangeTracker changeTracker, EnvironmentContext scope)
    {
        foreach (var entry in changeTracker.Entries<IEnvironmentScoped>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var current = scope.EnvironmentId
                ?? throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} can only be written inside an environment.");
            var property = entry.Property(nameof(IEnvironmentScoped.EnvironmentId));
            if (entry.State == EntityState.Added && (Guid)property.CurrentValue! == Guid.Empty)
            {
                property.CurrentValue = current;
            }

            if ((Guid)property.CurrentValue! != current || (property.OriginalValue is Guid original && original != current && entry.State != EntityState.Added))
            {
                throw new InvalidOperationException($"Refusing to write a {entry.Metadata.ClrType.Name} of another environment.");
            }
        }
    }
}

/// <summary>A context whose queries are filtered to <see cref="CurrentEnvironmentId"/>.</summary>
internal interface IEnvironmentScopedContext
{
    /// <summary>Read by the query filters; EF parameterizes it per context instance.</summary>
    Guid? CurrentEnvironmentId { get; }
}
