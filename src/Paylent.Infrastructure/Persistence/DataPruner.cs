using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Domain.Common;
using Paylent.Domain.Email;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// Deletes the rows that can no longer be used, once their retention (<see cref="PruningOptions"/>) has
/// passed, in every environment (query filters ignored on purpose: this is housekeeping, not a request).
/// Each statement deletes at most <see cref="PruningOptions.BatchSize"/> rows chosen by a subquery, so
/// none locks much for long; a table stops after <see cref="PruningOptions.MaxBatchesPerTable"/>
/// batches, so a run always ends, and the next run takes the rest. Children go before their parents
/// (refresh tokens, then grants, then codes, then sessions), and a parent is deleted only once it has
/// no children left, so no cascade deletes more than its batch. Only dead rows are touched: a request
/// that reads one concurrently would have refused it anyway, and a write to one that lost the race
/// (a replay revoking an ended grant) is a conflict its command retries. Safe to run on several
/// instances at once: a row deleted twice is deleted once. The audit trail is never pruned (append-only).
/// </summary>
public sealed partial class DataPruner(PaylentDbContext db, IOptions<PruningOptions> options, TimeProvider clock, ILogger<DataPruner> logger)
{
    private readonly PruningOptions _options = options.Value;

    public async Task<PruneReport> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);
        var complete = true;

        async Task PruneAsync<T>(string table, IOrderedQueryable<T> dead)
            where T : Entity
        {
            var (count, done) = await DeleteInBatchesAsync(dead, cancellationToken);
            deleted[table] = deleted.GetValueOrDefault(table) + count;
            complete &= done;
        }

        // A grant ends when revoked or at its absolute end (its session's); its refresh tokens, rotated
        // ones included, are what reuse detection (RFC 9700 §4.14.2) reads, so they stay as long as it does.
        var grantCutoff = now - _options.Grants;
        var endedGrants = All<Grant>().Where(g => g.RevokedAt < grantCutoff || g.ExpiresAt < grantCutoff);
        await PruneAsync("refresh_tokens", All<RefreshToken>().Where(t => endedGrants.Any(g => g.Id == t.GrantId)).OrderBy(t => t.Id));
        await PruneAsync("grants", endedGrants.Where(g => !All<RefreshToken>().Any(t => t.GrantId == g.Id)).OrderBy(g => g.Id));

        // RFC 6749 §4.1.2: a redeemed code presented again revokes the grant it started, however late, so
        // a redeemed code stays as long as that grant is kept; one never redeemed has nothing to revoke.
        var codeCutoff = now - _options.AuthorizationCodes;
        await PruneAsync("authorization_codes", All<AuthorizationCode>()
            .Where(c => c.ExpiresAt < codeCutoff && (c.GrantId == null || !All<Grant>().Any(g => g.Id == c.GrantId)))
            .OrderBy(c => c.ExpiresAt));

        // No check accepts an expired access token (no clock skew), so its row and a revoked JWT's jti
        // deny nothing past the expiry; the retention only absorbs clocks that disagree between instances.
        var accessCutoff = now - _options.AccessTokens;
        await PruneAsync("opaque_access_tokens", All<OpaqueAccessToken>().Where(t => t.ExpiresAt < accessCutoff).OrderBy(t => t.ExpiresAt));
        await PruneAsync("revoked_access_tokens", All<RevokedAccessToken>().Where(t => t.ExpiresAt < accessCutoff).OrderBy(t => t.ExpiresAt));

        // The idle expiry never passes the absolute one (start and touch both cap it), so it alone says
        // when an unrevoked session ended; a session goes once its grants and codes are gone.
        var sessionCutoff = now - _options.Sessions;
        await PruneAsync("sessions", All<Session>()
            .Where(s => (s.RevokedAt < sessionCutoff || s.IdleExpiresAt < sessionCutoff)
                && !All<Grant>().Any(g => g.SessionId == s.Id) && !All<AuthorizationCode>().Any(c => c.SessionId == s.Id))
            .OrderBy(s => s.Id));

        var adminSessionCutoff = now - _options.AdminSessions;
        await PruneAsync("admin_sessions", All<AdminSession>()
            .Where(s => s.EndedAt < adminSessionCutoff || s.IdleExpiresAt < adminSessionCutoff).OrderBy(s => s.Id));

        // A used token is spent, an expired one refused; both lifetimes are a day at most.
        var userTokenCutoff = now - _options.UserTokens;
        await PruneAsync("user_tokens", All<UserToken>().Where(t => t.ExpiresAt < userTokenCutoff).OrderBy(t => t.ExpiresAt));

        var sentCutoff = now - _options.SentEmails;
        var failedCutoff = now - _options.FailedEmails;
        await PruneAsync("outbox_emails", All<OutboxEmail>().Where(m => m.SentAt < sentCutoff || m.FailedAt < failedCutoff).OrderBy(m => m.Id));

        var report = new PruneReport(deleted, complete);
        LogPruned(report.Total, string.Join(", ", deleted.Select(d => $"{d.Key} {d.Value}")));
        if (!complete)
        {
            LogIncomplete(_options.MaxBatchesPerTable, _options.BatchSize);
        }

        return report;
    }

    /// <returns>How many rows were deleted, and whether the table has none of them left (no batch cap was hit).</returns>
    private async Task<(int Deleted, bool Complete)> DeleteInBatchesAsync<T>(IOrderedQueryable<T> dead, CancellationToken cancellationToken)
        where T : Entity
    {
        var batchSize = _options.BatchSize;
        // Oldest first: by expiry where that index drives the scan, else by id (version-7 GUIDs are time-ordered).
        var batch = dead.Take(batchSize).Select(e => e.Id);
        var deleted = 0;
        for (var round = 0; round < _options.MaxBatchesPerTable; round++)
        {
            // DELETE ... WHERE id IN (SELECT id ... LIMIT n): one bounded statement, its own transaction.
            var count = await All<T>().Where(e => batch.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
            deleted += count;
            if (count < batchSize)
            {
                return (deleted, true);
            }
        }

        return (deleted, false);
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
