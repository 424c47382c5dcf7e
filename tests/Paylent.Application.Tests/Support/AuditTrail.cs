using Paylent.Domain.Audit;

namespace Paylent.Application.Tests.Support;

/// <summary>What a step added to the audit trail, told apart by id (events of one save share a timestamp).</summary>
internal static class AuditTrail
{
    public static async Task<IReadOnlySet<Guid>> AuditEventIds(this ApplicationHarness app) =>
        (await app.AllAuditEvents()).Select(e => e.Id).ToHashSet();

    public static async Task<List<AuditEvent>> AuditEventsSince(this ApplicationHarness app, IReadOnlySet<Guid> seen) =>
        (await app.AllAuditEvents()).Where(e => !seen.Contains(e.Id)).ToList();
}
