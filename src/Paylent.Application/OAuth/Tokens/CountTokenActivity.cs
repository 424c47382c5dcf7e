using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Activity;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// How many access tokens the current environment issued per hour (last 24 hours) or per day (last
/// 30 days), one series per grant type: the overview's token chart. Counts still in an instance's
/// memory (<see cref="TokenIssuanceTally"/>) show once they are flushed, within seconds.
/// </summary>
public sealed record CountTokenActivity(ActivityPeriod Period) : IQuery<ActivityDto>;

internal sealed class CountTokenActivityValidator : AbstractValidator<CountTokenActivity>
{
    public CountTokenActivityValidator() => RuleFor(q => q.Period).IsInEnum();
}

internal sealed class CountTokenActivityHandler(IOAuthData db, TimeProvider clock) : IQueryHandler<CountTokenActivity, ActivityDto>
{
    /// <summary>The grants that issue access tokens, in the chart's order.</summary>
    public static readonly string[] Grants = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials];

    public async Task<ActivityDto> Handle(CountTokenActivity query, CancellationToken cancellationToken)
    {
        var window = ActivityWindow.Of(query.Period, clock.GetUtcNow().UtcDateTime);

        // At most one row per hour and grant type, found by the (environment_id, hour, grant_type) key.
        var counts = db.TokenIssuanceCounts.AsNoTracking().Where(c => c.Hour >= window.Start);
        var rows = query.Period == ActivityPeriod.Last24Hours
            ? await counts
                .GroupBy(c => new { c.GrantType, c.Hour.Year, c.Hour.Month, c.Hour.Day, c.Hour.Hour })
                .Select(g => new Row(g.Key.GrantType, g.Key.Year, g.Key.Month, g.Key.Day, g.Key.Hour, g.Sum(c => c.Count)))
                .ToListAsync(cancellationToken)
            : await counts
                .GroupBy(c => new { c.GrantType, c.Hour.Year, c.Hour.Month, c.Hour.Day })
                .Select(g => new Row(g.Key.GrantType, g.Key.Year, g.Key.Month, g.Key.Day, 0, g.Sum(c => c.Count)))
                .ToListAsync(cancellationToken);

        var series = Grants
            .Select(grant => new ActivitySeries(grant, window.Fill(rows
                .Where(r => r.GrantType == grant)
                .ToDictionary(r => new DateTime(r.Year, r.Month, r.Day, r.Hour, 0, 0, DateTimeKind.Utc), r => r.Count))))
            .ToList();
        return new ActivityDto(query.Period, window.Buckets, series);
    }

    private sealed record Row(string GrantType, int Year, int Month, int Day, int Hour, long Count);
}
