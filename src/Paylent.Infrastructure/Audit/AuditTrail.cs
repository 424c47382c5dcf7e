using Paylent.Application.Audit;
using Paylent.Application.Audit.Contracts;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;

namespace Paylent.Infrastructure.Audit;

public sealed class AuditTrail(IAuditData db, AuditContext context, EnvironmentContext scope, TimeProvider clock) : IAuditTrail
{
    private static readonly IReadOnlyDictionary<string, AuditChange> NoChanges = new Dictionary<string, AuditChange>();

    public void Record(string action, params AuditTarget[] targets) =>
        db.AuditEvents.Add(AuditEvent.Record(
            scope.AccountId, scope.EnvironmentId, action, context.Actor, targets, NoChanges, context.Metadata, clock.GetUtcNow().UtcDateTime));

    public void Record(string action, string field, string? from, string? to, params AuditTarget[] targets) =>
        db.AuditEvents.Add(AuditEvent.Record(
            scope.AccountId, scope.EnvironmentId, action, context.Actor, targets, new Dictionary<string, AuditChange> { [field] = new(from, to) }, context.Metadata,
            clock.GetUtcNow().UtcDateTime));
}
