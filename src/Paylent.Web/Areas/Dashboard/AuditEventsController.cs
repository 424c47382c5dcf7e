using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Audit;
using Paylent.Application.Common;
using Paylent.Application.Common.Paging;
using Paylent.Web.Common;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>The selected environment's audit log: filters, newest first, paged with htmx.</summary>
[Route("environments/{environment}/audit-events")]
public sealed class AuditEventsController : DashboardController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilterForm filter)
    {
        var model = new AuditEventsPage(CurrentEnvironment.Slug, filter, null, []);
        var since = ParseTime(filter.Since, nameof(filter.Since));
        var until = ParseTime(filter.Until, nameof(filter.Until));
        if (ModelState.IsValid)
        {
            try
            {
                var page = await Dispatcher.Send(
                    new ListAuditEvents(Blank(filter.Action), Blank(filter.Actor), Blank(filter.Target), since, until, new PageRequest(filter.Page ?? 1)),
                    HttpContext.RequestAborted);
                model = model with { Events = page };
            }
            catch (RequestValidationException exception)
            {
                model = model with { Errors = exception.Errors.Select(e => e.Message).ToList() };
            }
        }
        else
        {
            model = model with { Errors = ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).ToList() };
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return this.FragmentOrPage("_Results", model);
    }

    private DateTime? ParseTime(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // <input type="datetime-local"> sends "2026-11-22T10:30"; the page labels the times UTC.
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        ModelState.AddModelError(field, $"'{field}' is not a date and time.");
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed class AuditFilterForm
{
    public string? Action { get; set; }

    public string? Actor { get; set; }

    public string? Target { get; set; }

    public string? Since { get; set; }

    public string? Until { get; set; }

    public int? Page { get; set; }
}

public sealed record AuditEventsPage(string Environment, AuditFilterForm Filter, Page<AuditEventDto>? Events, IReadOnlyList<string> Errors);
