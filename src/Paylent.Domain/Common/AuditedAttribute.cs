namespace Paylent.Domain.Common;

/// <summary>
/// Marks an entity whose changes are written to the audit trail, under the given resource type
/// (<c>oauth_client</c>), which prefixes default actions and names the target.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AuditedAttribute(string resourceType) : Attribute
{
    public string ResourceType { get; } = resourceType;
}

/// <summary>A field whose values never reach the audit trail: its changes read <c>[redacted]</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>A bookkeeping field (a version stamp) whose changes are not worth an audit line.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
