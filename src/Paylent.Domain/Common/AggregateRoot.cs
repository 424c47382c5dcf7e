namespace Paylent.Domain.Common;

/// <summary>
/// The root of a consistency boundary. Its changes are saved together and guarded by optimistic
/// concurrency; what happened to it is told through domain events, which also name the audit action.
/// </summary>
public abstract class AggregateRoot : Entity
{
    private readonly List<IDomainEvent> _domainEvents = [];

    /// <summary>Changed on every save of the aggregate; a save based on a stale copy fails.</summary>
    [NotAudited]
    public Guid Version { get; private set; } = Guid.NewGuid();

    public IReadOnlyCollection<IDomainEvent> DomainEvents => _domainEvents.AsReadOnly();

    protected void Raise(IDomainEvent domainEvent) => _domainEvents.Add(domainEvent);

    public void ClearDomainEvents() => _domainEvents.Clear();

    public void BumpVersion() => Version = Guid.NewGuid();
}
