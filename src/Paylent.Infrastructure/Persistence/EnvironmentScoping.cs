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

    /// <param name="newEnvironments">Environments created in the same save, which may be populated (provisioning).</param>
    public static void GuardWrites(SavedChanges saved, EnvironmentContext scope, IReadOnlySet<Guid> newEnvironments)
    {
        foreach (var entry in saved.Of<IEnvironmentScoped>())
        {
            var property = entry.Property(nameof(IEnvironmentScoped.EnvironmentId));
            var target = (Guid)property.CurrentValue!;
            var allowed = target == scope.EnvironmentId || (entry.State == EntityState.Added && newEnvironments.Contains(target));
            var moved = entry.State != EntityState.Added && !Equals(property.OriginalValue, property.CurrentValue);
            if (!allowed || moved)
            {
                throw new InvalidOperationException(
                    $"Refusing to write a {entry.Metadata.ClrType.Name} of environment {target} while in {scope.EnvironmentId?.ToString() ?? "no environment"}.");
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
