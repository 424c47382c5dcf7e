using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;

namespace Paylent.Application.Audit;

/// <summary>The current environment's audit trail, newest first, optionally filtered.</summary>
public sealed record ListAuditEvents(
    string? Action = null,
    string? ActorId = null,
    string? TargetId = null,
    DateTime? Since = null,
    DateTime? Until = null,
    PageRequest? Page = null) : IQuery<Page<AuditEventDto>>;

public sealed record AuditEventDto(
    Guid Id,
    string Action,
    AuditActor Actor,
    IReadOnlyList<AuditTarget> Targets,
    IReadOnlyDictionary<string, AuditChange> Changes,
    IReadOnlyDictionary<string, string> Metadata,
    DateTime OccurredAt);

internal sealed class ListAuditEventsValidator : AbstractValidator<ListAuditEvents>
{
    public const int MaxFilterLength = 200;

    public ListAuditEventsValidator()
    {
        RuleFor(q => q.Action).MaximumLength(MaxFilterLength);
        RuleFor(q => q.ActorId).MaximumLength(MaxFilterLength);
        RuleFor(q => q.TargetId).MaximumLength(MaxFilterLength);
        RuleFor(q => q.Until).GreaterThanOrEqualTo(q => q.Since)
            .When(q => q.Since is not null && q.Until is not null)
            .WithMessage("'Until' must not be before 'Since'.");
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
    }
}

internal sealed class ListAuditEventsHandler(IAuditData db) : IQueryHandler<ListAuditEvents, Page<AuditEventDto>>
{
    public async Task<Page<AuditEventDto>> Handle(ListAuditEvents query, CancellationToken cancellationToken)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            events = events.Where(e => e.Action == query.Action);
        }

        if (!string.IsNullOrWhiteSpace(query.ActorId))
        {
            events = events.Where(e => e.ActorId == query.ActorId);
        }

        if (!string.IsNullOrWhiteSpace(query.TargetId))
        {
            events = events.Where(e => e.Targets.Any(t => t.Id == query.TargetId));
        }

        if (query.Since is { } since)
        {
            events = events.Where(e => e.OccurredAt >= since);
        }

        if (query.Until is { } until)
        {
            events = events.Where(e => e.OccurredAt <= until);
        }

        var page = await events
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);

        return new Page<AuditEventDto>(
            page.Items.Select(e => new AuditEventDto(e.Id, e.Action, e.Actor, e.Targets.ToList(), e.Changes, e.Metadata, e.OccurredAt)).ToList(),
            page.Number,
            page.Size,
            page.HasNext);
    }
}
