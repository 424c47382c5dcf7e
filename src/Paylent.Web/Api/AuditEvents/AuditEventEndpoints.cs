using System.Globalization;
using Paylent.Application.Audit;
using Paylent.Application.Common.Messaging;
using Paylent.Web.Api.JsonApi;

namespace Paylent.Web.Api.AuditEvents;

/// <summary><c>/api/audit-events</c>: the read-only trail, newest first, filtered and paged.</summary>
public static class AuditEventEndpoints
{
    public const string Type = "audit_event";
    public const string Path = "/api/audit-events";

    public static void MapAuditEvents(this RouteGroupBuilder api) => api.MapGet("/audit-events", List);

    private static async Task<IResult> List(HttpRequest request, IDispatcher dispatcher)
    {
        var page = await dispatcher.Send(
            new ListAuditEvents(
                Filter(request, "action"),
                Filter(request, "actor_id"),
                Filter(request, "target_id"),
                Time(request, "since"),
                Time(request, "until"),
                Paging.Read(request)),
            request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(e => Resource(request, e)).ToList(), links: Paging.Links(request, page));
    }

    private static string? Filter(HttpRequest request, string name) => QueryFilters.Read(request, name);

    private static DateTime? Time(HttpRequest request, string name) =>
        Filter(request, name) is not { } text
            ? null
            : DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw JsonApiException.BadParameter($"filter[{name}]", $"filter[{name}] must be an ISO 8601 date and time.");

    private static Dictionary<string, object?> Resource(HttpRequest request, AuditEventDto auditEvent) =>
        JsonApiResults.Resource(request, Type, auditEvent.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["action"] = auditEvent.Action,
            ["actor"] = new Dictionary<string, object?> { ["type"] = auditEvent.Actor.Type, ["id"] = auditEvent.Actor.Id },
            ["targets"] = auditEvent.Targets.Select(t => new Dictionary<string, string> { ["type"] = t.Type, ["id"] = t.Id }).ToList(),
            ["changes"] = auditEvent.Changes.ToDictionary(c => c.Key, c => new Dictionary<string, object?> { ["from"] = c.Value.From, ["to"] = c.Value.To }),
            ["metadata"] = auditEvent.Metadata,
            ["occurred_at"] = auditEvent.OccurredAt,
        });
}
