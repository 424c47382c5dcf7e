using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Paylent.Domain.Organizations;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Organizations;

/// <summary>
/// Records as expired the pending invitations past their expiry, in every environment (query filters
/// ignored on purpose: housekeeping, not a request). Readers never wait for it: an invitation's status
/// is computed from its expiry on every read and every accept, so a late or failed run lets nothing
/// through; the job only makes the stored status (and the status filter's index) agree. Each statement
/// updates at most <see cref="BatchSize"/> rows chosen by a subquery, at most <see cref="MaxBatches"/>
/// per run; the condition is re-checked by the UPDATE itself, so two instances running it at once, or
/// an accept racing it, never turn an accepted or revoked invitation into an expired one. Not audited:
/// nobody did it, time did, and the expiry is on the invitation.
/// </summary>
public sealed partial class ExpireInvitations(PaylentDbContext db, TimeProvider clock, ILogger<ExpireInvitations> logger) : IRecurringJob
{
    public const string Schedule = "*/5 * * * *";
    public const int BatchSize = 500;
    public const int MaxBatches = 20;

    Task IRecurringJob.RunAsync(CancellationToken cancellationToken) => ExpireAsync(cancellationToken);

    /// <returns>How many invitations were marked expired.</returns>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = db.Invitations.IgnoreQueryFilters().Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt <= now);
        var expired = 0;
        for (var round = 0; round < MaxBatches; round++)
        {
            var batch = due.OrderBy(i => i.ExpiresAt).Take(BatchSize).Select(i => i.Id);
            var count = await due.Where(i => batch.Contains(i.Id)).ExecuteUpdateAsync(
                set => set.SetProperty(i => i.Status, InvitationStatus.Expired).SetProperty(i => i.UpdatedAt, now).SetProperty(i => i.Version, Guid.NewGuid()),
                cancellationToken);
            expired += count;
            if (count < BatchSize)
            {
                break;
            }
        }

        if (expired > 0)
        {
            LogExpired(expired);
        }

        return expired;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Marked {Count} invitations expired")]
    private partial void LogExpired(int count);
}
