using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// How many access tokens an environment issued with one grant type in one UTC hour: the overview's
/// token chart. Tokens are not recorded one by one (JWTs are never stored, and their volume would
/// drown any table), so each instance counts them in memory and adds its counts here in batches
/// (<c>TokenIssuanceFlusher</c>); the rows are only ever added to, by one atomic upsert per batch.
/// </summary>
public sealed class TokenIssuanceCount : Entity, IEnvironmentScoped
{
    private TokenIssuanceCount(Guid environmentId, DateTime hour, string grantType, long count)
    {
        EnvironmentId = environmentId;
        Hour = hour;
        GrantType = grantType;
        Count = count;
    }

    public Guid EnvironmentId { get; private set; }

    /// <summary>The start of the UTC hour counted.</summary>
    public DateTime Hour { get; private set; }

    public string GrantType { get; private set; }

    public long Count { get; private set; }

    public static DateTime HourOf(DateTime time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, DateTimeKind.Utc);
}
