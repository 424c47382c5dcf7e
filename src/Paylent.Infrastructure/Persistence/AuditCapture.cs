using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Paylent.Application.Common;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// Turns what a save writes (<see cref="SavedChanges"/>) into audit events the same save adds, so a state
/// change and its audit line commit together or not at all. An aggregate's domain events name the
/// action; otherwise it is <c>{type}.created|updated|deleted</c>. Fields come from EF's original and
/// current values; <see cref="SecretAttribute"/> fields read <c>[redacted]</c>.
/// </summary>
public sealed class AuditCapture(AuditContext context, EnvironmentContext scope, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<Type, AuditShape?> Shapes = new();

    internal IReadOnlyList<AuditEvent> Capture(SavedChanges saved)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recorded = new List<AuditEvent>();
        foreach (var entry in saved.All)
        {
            if (Shapes.GetOrAdd(entry.Metadata.ClrType, AuditShape.Of) is not { } shape)
            {
                continue;
            }

            var changes = Changes(entry, shape);
            var actions = Actions(entry, shape, changes.Count);
            foreach (var action in actions)
            {
                var (accountId, environmentId) = Owner(entry.Entity);
                recorded.Add(AuditEvent.Record(
                    accountId,
                    environmentId,
                    action,
                    context.Actor,
                    [new AuditTarget(shape.ResourceType, ((Entity)entry.Entity).Id.ToString())],
                    changes,
                    context.Metadata,
                    now));
            }

            (entry.Entity as AggregateRoot)?.ClearDomainEvents();
        }

        return recorded;
    }

    private static List<string> Actions(EntityEntry entry, AuditShape shape, int changeCount)
    {
        var named = (entry.Entity as AggregateRoot)?.DomainEvents.Select(e => e.Action).ToList() ?? [];
        if (named.Count > 0)
        {
            return named;
        }

        return entry.State switch
        {
            EntityState.Added => [$"{shape.ResourceType}.created"],
            EntityState.Deleted => [$"{shape.ResourceType}.deleted"],
            _ when changeCount > 0 => [$"{shape.ResourceType}.updated"],
            _ => [],
        };
    }

    private static Dictionary<string, AuditChange> Changes(EntityEntry entry, AuditShape shape)
    {
        var changes = new Dictionary<string, AuditChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (property.Metadata.IsShadowProperty() || shape.Ignored.Contains(name))
            {
                continue;
            }

            var (from, to) = entry.State switch
            {
                EntityState.Added => (null, property.CurrentValue),
                EntityState.Deleted => (property.OriginalValue, null),
                _ when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue) => (property.OriginalValue, property.CurrentValue),
                _ => (null, null),
            };

            if (from is null && to is null)
            {
                continue;
            }

            changes[Naming.ToSnakeCase(name)] = shape.Secrets.Contains(name)
                ? new AuditChange(from is null ? null : AuditChange.Redacted, to is null ? null : AuditChange.Redacted)
                : new AuditChange(from, to);
        }

        return changes;
    }

    private (Guid? AccountId, Guid? EnvironmentId) Owner(object entity) => entity switch
    {
        Account account => (account.Id, null),
        PaylentEnvironment environment => (environment.AccountId, environment.Id),
        IEnvironmentScoped scoped => (scope.AccountId, scoped.EnvironmentId),
        IAccountScoped owned => (owned.AccountId, null),
        _ => (scope.AccountId, scope.EnvironmentId),
    };

    private sealed record AuditShape(string ResourceType, HashSet<string> Secrets, HashSet<string> Ignored)
    {
        public static AuditShape? Of(Type type)
        {
            if (type.GetCustomAttribute<AuditedAttribute>() is not { } audited)
            {
                return null;
            }

            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
            return new AuditShape(
                audited.ResourceType,
                properties.Where(p => p.IsDefined(typeof(SecretAttribute), inherit: true)).Select(p => p.Name).ToHashSet(),
                // The id and environment are the event's target and scope already.
                properties.Where(p => p.IsDefined(typeof(NotAuditedAttribute), inherit: true) || p.Name is nameof(Entity.Id) or nameof(IEnvironmentScoped.EnvironmentId))
                    .Select(p => p.Name).ToHashSet());
        }
    }
}
