namespace Paylent.Domain.Common;

/// <summary>
/// Something that happened to an aggregate. <see cref="Action"/> is its name in the audit trail
/// (<c>signing_key.deactivated</c>); a change with no event is audited as created/updated/deleted.
/// </summary>
public interface IDomainEvent
{
    string Action { get; }
}
