using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Activity;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Audit;

/// <summary>
/// How many events of each of <see cref="Actions"/> the current environment recorded per hour (last
/// 24 hours) or per day (last 30 days): the overview's sign-in chart, counted from the audit trail,
/// which is never pruned. One series per action, in the order asked.
/// </summary>
public sealed record CountAuditActivity(IReadOnlyList<string> Actions, ActivityPeriod Period) : IQuery<ActivityDto>;

internal sealed class CountAuditActivityValidator : AbstractValidator<CountAuditActivity>
{
    public const int MaxActions = 10;

    public CountAuditActivityValidator()
    {
        RuleFor(q => q.Actions).NotEmpty().Must(a => a.Count <= MaxActions).WithMessage($"At most {MaxActions} actions.");
        RuleForEach(q => q.Actions).NotEmpty().MaximumLength(ListAuditEventsValidator.MaxFilterLength);
        RuleFor(q => q.Period).IsInEnum();
    }
}

internal sealed class CountAuditActivityHandler(IAuditData db, TimeProvider clock) : IQueryHandler<CountAuditActivity, ActivityDto>
{
    public async Task<ActivityDto> Handle(CountAuditActivity query, CancellationToken cancellationToken)
    {
        var window = ActivityWindow.Of(query.Period, clock.GetUtcNow().UtcDateTime);

        // Bounded by the (environment_id, occurred_at) index range; grouped in the database, so at most
        // one row per action and bucket comes back however many events there were.
        var events = db.AuditEvents.AsNoTracking().Where(e => e.OccurredAt >= window.Start && query.Actions.Contains(e.Action));
        var rows = query.Period == ActivityPeriod.Last24Hours
            ? await events
                .GroupBy(e => new { e.Action, e.OccurredAt.Year, e.OccurredAt.Month, e.OccurredAt.Day, e.OccurredAt.Hour })
                .Select(g => new Row(g.Key.Action, g.Key.Year, g.Key.Month, g.Key.Day, g.Key.Hour, g.LongCount()))
                .ToListAsync(cancellationToken)
            : await events
                .GroupBy(e => new { e.Action, e.OccurredAt.Year, e.OccurredAt.Month, e.OccurredAt.Day })
                .Select(g => new Row(g.Key.Action, g.Key.Year, g.Key.Month, g.Key.Day, 0, g.LongCount()))
                .ToListAsync(cancellationToken);

        var series = query.Actions
            .Select(action => new ActivitySeries(action, window.Fill(rows
                .Where(r => r.Action == action)
                .ToDictionary(r => new DateTime(r.Year, r.Month, r.Day, r.Hour, 0, 0, DateTimeKind.Utc), r => r.Count))))
            .ToList();
        return new ActivityDto(query.Period, window.Buckets, series);
    }

    private sealed record Row(string Action, int Year, int Month, int Day, int Hour, long Count);
}
