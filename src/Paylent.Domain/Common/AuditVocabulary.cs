namespace Paylent.Domain.Common;

// Who did something to what: the words every module uses to tell the audit trail, as it uses the
// audit attributes. They live here, not in the Audit module, so no module reaches into Audit's domain.

/// <summary>Who caused a change: <c>user</c>, <c>client</c>, <c>admin</c> or <c>system</c>.</summary>
public sealed record AuditActor(string Type, string? Id)
{
    public static readonly AuditActor System = new("system", null);

    public static AuditActor Admin(Guid id) => new("admin", id.ToString());

    public static AuditActor User(Guid id) => new("user", id.ToString());

    public static AuditActor Client(string clientId) => new("client", clientId);
}

/// <summary>A resource an event is about.</summary>
public sealed record AuditTarget(string Type, string Id);
