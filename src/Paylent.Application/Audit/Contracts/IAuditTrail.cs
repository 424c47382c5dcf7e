using Paylent.Domain.Common;

namespace Paylent.Application.Audit.Contracts;

/// <summary>
/// Records an event that changes no entity (a sign-in attempt for an unknown email), in the current
/// unit of work, with the request's actor and metadata. Every change to an entity is audited by the
/// persistence layer on its own; this is only for what has no entity to change.
/// </summary>
public interface IAuditTrail
{
    void Record(string action, params AuditTarget[] targets);

    /// <summary>An event that moved one value (<paramref name="field"/>, from → to) without an entity of its own to change.</summary>
    void Record(string action, string field, string? from, string? to, params AuditTarget[] targets);
}
