namespace Paylent.Application.Common.Activity;

/// <summary>The overview's two windows: the last 24 hours by hour, the last 30 days by day (UTC).</summary>
public enum ActivityPeriod
{
    Last24Hours,
    Last30Days,
}

/// <summary>
/// The buckets of a period, oldest first, ending with the one that holds <c>now</c> (the current
/// hour or day, still filling). Every bucket is there, empty ones as zero, so a chart of a new
/// environment is a flat line rather than nothing.
/// </summary>
public sealed record ActivityWindow(ActivityPeriod Period, DateTime Start, TimeSpan Step, int Count)
{
    public static ActivityWindow Of(ActivityPeriod period, DateTime now) => period switch
    {
        ActivityPeriod.Last24Hours => new(period, Truncate(now, TimeSpan.FromHours(1)).AddHours(-23), TimeSpan.FromHours(1), 24),
        ActivityPeriod.Last30Days => new(period, now.Date.AddDays(-29), TimeSpan.FromDays(1), 30),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    public IReadOnlyList<DateTime> Buckets => Enumerable.Range(0, Count).Select(i => Start + (Step * i)).ToList();

    /// <summary>Counts keyed by their bucket's start, in the window's order, zero where none was counted.</summary>
    public IReadOnlyList<long> Fill(IReadOnlyDictionary<DateTime, long> counts) =>
        Buckets.Select(b => counts.GetValueOrDefault(b)).ToList();

    private static DateTime Truncate(DateTime time, TimeSpan step) =>
        new(time.Ticks - (time.Ticks % step.Ticks), DateTimeKind.Utc);
}

/// <summary>One line of a chart: a name and a count per bucket of <see cref="ActivityWindow.Buckets"/>.</summary>
public sealed record ActivitySeries(string Name, IReadOnlyList<long> Counts);

/// <summary>A chart's data: the bucket starts (UTC) and its lines.</summary>
public sealed record ActivityDto(ActivityPeriod Period, IReadOnlyList<DateTime> Buckets, IReadOnlyList<ActivitySeries> Series);
