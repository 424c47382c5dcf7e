using Paylent.Domain.Common;

namespace Paylent.Domain.Audit;

/// <summary>
/// One recorded state change: who did what to which resources, with the fields that changed.
/// Append-only: nothing updates or deletes an audit event once written.
/// </summary>
public sealed class AuditEvent : Entity
{
    private readonly List<AuditTarget> _targets = [];

    private AuditEvent(
        Guid? accountId,
        Guid? environmentId,
        string action,
        AuditActor actor,
        IReadOnlyDictionary<string, AuditChange> changes,
        IReadOnlyDictionary<string, string> metadata,
        DateTime occurredAt)
    {
        AccountId = accountId;
        EnvironmentId = environmentId;
        Action = action;
        ActorType = actor.Type;
        ActorId = actor.Id;
        Changes = changes;
        Metadata = metadata;
        OccurredAt = occurredAt;
    }

    // For EF Core: owned values are bound after construction.
    private AuditEvent()
    {
        Action = string.Empty;
        ActorType = AuditActor.System.Type;
        Changes = new Dictionary<string, AuditChange>();
        Metadata = new Dictionary<string, string>();
    }

    /// <summary>The account the event belongs to; null only for platform-level events.</summary>
    public Guid? AccountId { get; private set; }

    /// <summary>The environment the event belongs to; null for account-level events (an admin signing in).</summary>
    public Guid? EnvironmentId { get; private set; }

    public string Action { get; private set; }

    public string ActorType { get; private set; }

    /// <summary>Stored flat (not as an owned value) so it can be indexed and filtered.</summary>
    public string? ActorId { get; private set; }

    public AuditActor Actor => new(ActorType, ActorId);

    public IReadOnlyCollection<AuditTarget> Targets => _targets.AsReadOnly();

    public IReadOnlyDictionary<string, AuditChange> Changes { get; private set; }

    public IReadOnlyDictionary<string, string> Metadata { get; private set; }

    public DateTime OccurredAt { get; private set; }

    public static AuditEvent Record(
        Guid? accountId,
        Guid? environmentId,
        string action,
        AuditActor actor,
        IEnumerable<AuditTarget> targets,
        IReadOnlyDictionary<string, AuditChange> changes,
        IReadOnlyDictionary<string, string> metadata,
        DateTime occurredAt)
    {
        var auditEvent = new AuditEvent(accountId, environmentId, action, actor, changes, metadata, occurredAt);
        auditEvent._targets.AddRange(targets);
        return auditEvent;
    }
}

/// <summary>One field's values before and after; secrets read <see cref="Redacted"/>.</summary>
public sealed record AuditChange(object? From, object? To)
{
    public const string Redacted = "[redacted]";
}
