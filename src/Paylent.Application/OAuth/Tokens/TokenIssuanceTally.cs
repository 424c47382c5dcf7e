using System.Collections.Concurrent;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// This instance's count of access tokens issued since its last flush, per environment, UTC hour and
/// grant type. Counting is a lock-free increment, so the token endpoint pays nothing measurable; the
/// counts reach the database (<see cref="TokenIssuanceCount"/>) when Infrastructure's flusher takes them.
/// </summary>
public sealed class TokenIssuanceTally(TimeProvider clock)
{
    private readonly ConcurrentDictionary<TokenIssuanceKey, long> _counts = new();

    public void Count(Guid environmentId, string grantType) =>
        _counts.AddOrUpdate(new TokenIssuanceKey(environmentId, TokenIssuanceCount.HourOf(clock.GetUtcNow().UtcDateTime), grantType), 1, (_, count) => count + 1);

    /// <summary>
    /// The counts so far, subtracted from the tally; increments racing with the take stay for the next one.
    /// Hand them back with <see cref="Return"/> if they could not be saved. One taker at a time.
    /// </summary>
    public IReadOnlyList<(TokenIssuanceKey Key, long Count)> Take()
    {
        var taken = new List<(TokenIssuanceKey, long)>();
        foreach (var (key, count) in _counts)
        {
            if (count == 0)
            {
                continue;
            }

            _counts.AddOrUpdate(key, -count, (_, current) => current - count);
            _counts.TryRemove(new KeyValuePair<TokenIssuanceKey, long>(key, 0));
            taken.Add((key, count));
        }

        return taken;
    }

    public void Return(IEnumerable<(TokenIssuanceKey Key, long Count)> counts)
    {
        foreach (var (key, count) in counts)
        {
            _counts.AddOrUpdate(key, count, (_, current) => current + count);
        }
    }
}

public sealed record TokenIssuanceKey(Guid EnvironmentId, DateTime Hour, string GrantType);
