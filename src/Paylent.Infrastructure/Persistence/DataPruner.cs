using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Domain.Common;
using Paylent.Domain.Email;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Domain.Tenancy;

using Paylent.Infrastructure.Common;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// Deletes the rows that can no longer be used, once their retention (<see cref="PruningOptions"/>) has
/// passed, in every environment (query filters ignored on purpose: this is housekeeping, not a request).
/// Each statement deletes at most <see cref="PruningOptions.BatchSize"/> rows chosen by a subquery, so
/// none locks much for long; a table stops after <see cref="PruningOptions.MaxBatchesPerTable"/>
/// batches, so a run always ends, and the next run takes the rest. Children go before their parents
/// (refresh tokens, then grants, then sessions), and a parent is deleted only once it has
/// no children left, so no cascade deletes more than its batch. Only dead rows are touched: a request
/// that reads one concurrently would have refused it anyway, and a write to one that lost the race
/// (a replay revoking an ended grant) is a conflict its command retries. Safe to run on several
/// instances at once: a row deleted twice is deleted once. The audit trail is never pruned (append-only).
/// </summary>
public sealed partial class DataPruner(PaylentDbContext db, IOptions<PruningOptions> options, TimeProvider clock, ILogger<DataPruner> logger)
    : IRecurringJob
{
    /// <summary>How often the recurring job runs; each run is bounded (<see cref="PruningOptions.MaxBatchesPerTable"/>) and the next one goes on.</summary>
    public const string Schedule = "17 * * * *";

    /// <summary>How far apart the clocks of the instances issuing, redeeming and pruning may be, beyond a code's lifetime.</summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(5);

    private readonly PruningOptions _options = options.Value;

    Task IRecurringJob.RunAsync(CancellationToken cancellationToken) => PruneAsync(cancellationToken);

    public async Task<PruneReport> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);
        var complete = true;

        var rounds = new Dictionary<string, int>(StringComparer.Ordinal);
        async Task PruneAsync<T>(string table, IOrderedQueryable<T> dead)
            where T : Entity
        {
            // The cap is per table, shared by its passes.
            var (count, used, done) = await DeleteInBatchesAsync(dead, _options.MaxBatchesPerTable - rounds.GetValueOrDefault(table), cancellationToken);
            deleted[table] = deleted.GetValueOrDefault(table) + count;
            rounds[table] = rounds.GetValueOrDefault(table) + used;
            complete &= done;
        }

        // A grant ends when revoked or at its absolute end (its session's); its refresh tokens, rotated
        // ones included, are what reuse detection (RFC 9700 §4.14.2) reads, so they stay as long as it does.
        // One pass per way a row ends, each ordered by the indexed column it ranges over, so a batch is an
        // index range scan that stops at its limit instead of a sort of the whole backlog.
        var grantCutoff = now - _options.Grants;
        var expiredGrants = All<Grant>().Where(g => g.ExpiresAt < grantCutoff);
        var revokedGrants = All<Grant>().Where(g => g.RevokedAt < grantCutoff);

        // A token that spends one of another family (an organization switch writes the successor into the
        // new family) is that token's only mark of being spent: it stays while the spent token does, or
        // pruning the new family would make the old family's token usable again.
        Expression<Func<RefreshToken, bool>> spendsNoneOfAnotherFamily =
            t => !All<RefreshToken>().Any(spent => spent.Id == t.ReplacesTokenId && spent.GrantId != t.GrantId);

        // A token never outlives its grant (issue caps its expiry at the grant's end), so an expired
        // grant's tokens are all found among those expired before the cutoff.
        await PruneAsync("refresh_tokens", All<RefreshToken>()
            .Where(t => t.ExpiresAt < grantCutoff && (expiredGrants.Any(g => g.Id == t.GrantId) || revokedGrants.Any(g => g.Id == t.GrantId)))
            .Where(spendsNoneOfAnotherFamily)
            .OrderBy(t => t.ExpiresAt));
        await PruneAsync("refresh_tokens", All<RefreshToken>().Where(t => revokedGrants.Any(g => g.Id == t.GrantId)).Where(spendsNoneOfAnotherFamily).OrderBy(t => t.Id));

        // A grant an organization switch started another from stays while that one does: a replay of the
        // code that started it must still find the chain to revoke. A grant a code started stays at least
        // as long as the code could be redeemed, since it is what marks the code used (RFC 6749 §4.1.2),
        // with a margin for instances whose clocks disagree.
        var codesIssuedBefore = now - AuthorizationCode.Lifetime - ClockMargin;
        Expression<Func<Grant, bool>> unreferenced = g =>
            !All<RefreshToken>().Any(t => t.GrantId == g.Id) && !All<Grant>().Any(switched => switched.SwitchedFromGrantId == g.Id)
            && (g.AuthorizationCodeId == null || g.CreatedAt < codesIssuedBefore);
        await PruneAsync("grants", expiredGrants.Where(unreferenced).OrderBy(g => g.ExpiresAt));
        await PruneAsync("grants", revokedGrants.Where(unreferenced).OrderBy(g => g.RevokedAt));

        // No check accepts an expired access token (no clock skew), so its row and a revoked JWT's jti
        // deny nothing past the expiry; the retention only absorbs clocks that disagree between instances.
        var accessCutoff = now - _options.AccessTokens;
        await PruneAsync("opaque_access_tokens", All<OpaqueAccessToken>().Where(t => t.ExpiresAt < accessCutoff).OrderBy(t => t.ExpiresAt));
        await PruneAsync("revoked_access_tokens", All<RevokedAccessToken>().Where(t => t.ExpiresAt < accessCutoff).OrderBy(t => t.ExpiresAt));

        // The idle expiry never passes the absolute one (start and touch both cap it), so it alone says
        // when an unrevoked session ended; a session goes once its grants are gone.
        var sessionCutoff = now - _options.Sessions;
        var childless = All<Session>().Where(s => !All<Grant>().Any(g => g.SessionId == s.Id));
        await PruneAsync("sessions", childless.Where(s => s.IdleExpiresAt < sessionCutoff).OrderBy(s => s.IdleExpiresAt));
        await PruneAsync("sessions", childless.Where(s => s.RevokedAt < sessionCutoff).OrderBy(s => s.RevokedAt));

        var adminSessionCutoff = now - _options.AdminSessions;
        await PruneAsync("admin_sessions", All<AdminSession>().Where(s => s.IdleExpiresAt < adminSessionCutoff).OrderBy(s => s.IdleExpiresAt));
        await PruneAsync("admin_sessions", All<AdminSession>().Where(s => s.EndedAt < adminSessionCutoff).OrderBy(s => s.EndedAt));

        // A used token is spent, an expired one refused; both lifetimes are a day at most.
        var userTokenCutoff = now - _options.UserTokens;
        await PruneAsync("user_tokens", All<UserToken>().Where(t => t.ExpiresAt < userTokenCutoff).OrderBy(t => t.ExpiresAt));

        var sentCutoff = now - _options.SentEmails;
        var failedCutoff = now - _options.FailedEmails;
        await PruneAsync("outbox_emails", All<OutboxEmail>().Where(m => m.SentAt < sentCutoff).OrderBy(m => m.SentAt));
        await PruneAsync("outbox_emails", All<OutboxEmail>().Where(m => m.FailedAt < failedCutoff).OrderBy(m => m.FailedAt));

        var countCutoff = now - _options.TokenIssuanceCounts;
        await PruneAsync("token_issuance_counts", All<TokenIssuanceCount>().Where(c => c.Hour < countCutoff).OrderBy(c => c.Hour));

        var report = new PruneReport(deleted, complete);
        LogPruned(report.Total, string.Join(", ", deleted.Select(d => $"{d.Key} {d.Value}")));
        if (!complete)
        {
            LogIncomplete(_options.MaxBatchesPerTable, _options.BatchSize);
        }

        return report;
    }

    /// <returns>How many rows were deleted in how many batches, and whether none is left (the cap was not hit).</returns>
    private async Task<(int Deleted, int Batches, bool Complete)> DeleteInBatchesAsync<T>(IOrderedQueryable<T> dead, int maxBatches, CancellationToken cancellationToken)
        where T : Entity
    {
        var batchSize = _options.BatchSize;
        // Oldest first, by the column the pass's index ranges over.
        var batch = dead.Take(batchSize).Select(e => e.Id);
        var deleted = 0;
        for (var round = 1; round <= maxBatches; round++)
        {
            // DELETE ... WHERE id IN (SELECT id ... LIMIT n): one bounded statement, its own transaction.
            var count = await All<T>().Where(e => batch.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
            deleted += count;
            if (count < batchSize)
            {
                return (deleted, round, true);
            }
        }

        return (deleted, maxBatches, false);
    }

    private IQueryable<T> All<T>()
        where T : class => db.Set<T>().IgnoreQueryFilters();

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Total} dead rows: {Deleted}")]
    private partial void LogPruned(int total, string deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning stopped at its cap of {MaxBatches} batches of {BatchSize} rows in a table; the next run continues")]
    private partial void LogIncomplete(int maxBatches, int batchSize);
}

/// <summary>What one pruning run deleted, per table; <see cref="Complete"/> is false when a table had more than one run may delete.</summary>
public sealed record PruneReport(IReadOnlyDictionary<string, int> Deleted, bool Complete)
{
    public int Total => Deleted.Values.Sum();
}
