using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Challenges;

/// <summary>
/// Answers HTTP-01 validation requests (RFC 8555 §8.3) on every instance from what
/// <see cref="AcmeChallengeStore"/> wrote to the database, without letting the open challenge path
/// become a way to make the database work: each instance keeps, in memory, the pending answers of the
/// hostnames that have any (loaded at start, on every <see cref="AcmeChallengeChanges"/> notice from any
/// instance, and periodically). A request with a malformed token, or for a hostname with nothing pending,
/// is answered 404 from memory. A token missing for a hostname that has pending answers (a notice still
/// on its way) reloads that hostname from the database, at most once a second per hostname.
/// </summary>
public sealed partial class AcmeChallengeResponder(
    ChangeSignal signal, IServiceScopeFactory scopes, IOptions<TlsOptions> options, TimeProvider clock, ILogger<AcmeChallengeResponder> logger)
    : HostnameReloader(signal, AcmeChallengeChanges.Channel, () => TimeSpan.FromSeconds(options.Value.ReloadSeconds), clock)
{
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastMissRefresh = new(StringComparer.Ordinal);
    private volatile FrozenDictionary<string, FrozenDictionary<string, Answer>> _hosts = FrozenDictionary<string, FrozenDictionary<string, Answer>>.Empty;
    private readonly Lock _swap = new();

    /// <summary>The key authorization to answer for <paramref name="token"/> on <paramref name="host"/>, or null (404).</summary>
    public async ValueTask<string?> AnswerAsync(string? host, string? token, CancellationToken cancellationToken)
    {
        if (!ChallengeTokens.IsWellFormed(token) || Hostnames.Lookup(host) is not { } name || !_hosts.TryGetValue(name, out var answers))
        {
            return null;
        }

        var now = Clock.GetUtcNow();
        if (answers.TryGetValue(token!, out var answer))
        {
            return answer.ExpiresAt > now.UtcDateTime ? answer.KeyAuthorization : null;
        }

        // One request per second and hostname wins the right to look; the others are answered from memory.
        var last = _lastMissRefresh.GetOrAdd(name, DateTimeOffset.MinValue);
        if (now - last < MissRefreshInterval || !_lastMissRefresh.TryUpdate(name, now, last))
        {
            return null;
        }

        await ReloadAsync(name, cancellationToken);
        return _hosts.TryGetValue(name, out answers) && answers.TryGetValue(token!, out answer) && answer.ExpiresAt > now.UtcDateTime
            ? answer.KeyAuthorization
            : null;
    }

    /// <summary>
    /// What this instance holds for <paramref name="hostname"/> is stale: until the reload the notice
    /// scheduled has run, the hostname's next request reads the database itself, so a CA that asks at once
    /// is answered from the new state, and a removed answer is not served from the old one.
    /// </summary>
    protected override void Noticed(string hostname)
    {
        lock (_swap)
        {
            _hosts = new Dictionary<string, FrozenDictionary<string, Answer>>(_hosts, StringComparer.Ordinal)
            {
                [hostname] = FrozenDictionary<string, Answer>.Empty,
            }.ToFrozenDictionary(StringComparer.Ordinal);
            _lastMissRefresh.TryRemove(hostname, out _);
        }
    }

    protected override async Task ReloadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var rows = await ReadAsync(hostname: null, cancellationToken);
            var hosts = rows.GroupBy(r => r.Hostname, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, AnswersOf, StringComparer.Ordinal);
            lock (_swap)
            {
                _hosts = hosts;
                _lastMissRefresh.Clear();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReloadFailed(logger, exception);
        }
    }

    protected override async Task ReloadAsync(string hostname, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await ReadAsync(hostname, cancellationToken);
            lock (_swap)
            {
                var hosts = new Dictionary<string, FrozenDictionary<string, Answer>>(_hosts, StringComparer.Ordinal);
                if (rows.Count == 0)
                {
                    hosts.Remove(hostname);
                }
                else
                {
                    hosts[hostname] = AnswersOf(rows);
                }

                _hosts = hosts.ToFrozenDictionary(StringComparer.Ordinal);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReloadFailed(logger, exception);
        }
    }

    private async Task<List<PendingChallenge>> ReadAsync(string? hostname, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<PaylentDbContext>().AcmeChallenges.AsNoTracking().Where(c => c.ExpiresAt > now);
        return await (hostname is null ? query : query.Where(c => c.Hostname == hostname)).ToListAsync(cancellationToken);
    }

    private static FrozenDictionary<string, Answer> AnswersOf(IEnumerable<PendingChallenge> rows) =>
        rows.ToFrozenDictionary(r => r.Token, r => new Answer(r.KeyAuthorization, r.ExpiresAt), StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pending ACME challenges could not be reloaded; the answers held are unchanged.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    private sealed record Answer(string KeyAuthorization, DateTime ExpiresAt);
}
