using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Paylent.Application.Audit;
using Paylent.Application.Common.Activity;
using Paylent.Application.Common.Paging;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.OAuth.Tokens;
using Paylent.Web.Areas.Hosted;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// An environment's landing page: its counts, its sign-ins (from the audit trail) and access tokens
/// issued (from the token counts) over a day and a month, its latest audit events and its URLs.
/// </summary>
[Route("environments/{environment}")]
public sealed class OverviewController : DashboardController
{
    public const int RecentEvents = 10;

    /// <summary>The audit actions charted as sign-ins, in the chart's order.</summary>
    private static readonly string[] SignInActions = ["user.signed_in", "user.sign_in_failed"];

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var issuer = CurrentEnvironment.IssuerSeenFrom(Request);
        var model = new OverviewPage(
            Users: await Dispatcher.Send(new CountUsers(), cancellationToken),
            Clients: await Dispatcher.Send(new CountOAuthClients(), cancellationToken),
            LiveSessions: await Dispatcher.Send(new CountLiveSessions(), cancellationToken),
            SignInsDay: Chart.From(await Dispatcher.Send(new CountAuditActivity(SignInActions, ActivityPeriod.Last24Hours), cancellationToken), SignInNames),
            SignInsMonth: Chart.From(await Dispatcher.Send(new CountAuditActivity(SignInActions, ActivityPeriod.Last30Days), cancellationToken), SignInNames),
            TokensDay: Chart.From(await Dispatcher.Send(new CountTokenActivity(ActivityPeriod.Last24Hours), cancellationToken), GrantNames),
            TokensMonth: Chart.From(await Dispatcher.Send(new CountTokenActivity(ActivityPeriod.Last30Days), cancellationToken), GrantNames),
            RecentEvents: (await Dispatcher.Send(new ListAuditEvents(Page: new PageRequest(1, RecentEvents)), cancellationToken)).Items,
            Issuer: issuer,
            Discovery: issuer + "/.well-known/openid-configuration",
            SignInPage: issuer + HostedPaths.SignIn);
        return View(model);
    }

    private static string SignInNames(string action) => action == "user.signed_in" ? "Sign-ins" : "Failed sign-ins";

    /// <summary>"authorization_code" as "Authorization code".</summary>
    private static string GrantNames(string grantType) => char.ToUpperInvariant(grantType[0]) + grantType[1..].Replace('_', ' ');
}

public sealed record OverviewPage(
    int Users,
    int Clients,
    int LiveSessions,
    Chart SignInsDay,
    Chart SignInsMonth,
    Chart TokensDay,
    Chart TokensMonth,
    IReadOnlyList<AuditEventDto> RecentEvents,
    string Issuer,
    string Discovery,
    string SignInPage);

/// <summary>
/// A chart as <c>wwwroot/js/overview-charts.js</c> reads it from the canvas's <c>data-chart</c>
/// attribute (no inline script: the dashboard's CSP allows scripts from this host only).
/// </summary>
public sealed record Chart(string Json, long Total, string Summary)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static Chart From(ActivityDto activity, Func<string, string> name)
    {
        var hourly = activity.Period == ActivityPeriod.Last24Hours;
        var labels = activity.Buckets.Select(b => b.ToString(hourly ? "HH:mm" : "MMM d", CultureInfo.InvariantCulture)).ToList();
        var datasets = activity.Series.Select(s => new { label = name(s.Name), data = s.Counts }).ToList();
        var totals = activity.Series.Select(s => $"{s.Counts.Sum()} {name(s.Name).ToLowerInvariant()}");
        return new Chart(
            JsonSerializer.Serialize(new { labels, datasets }, Options),
            activity.Series.Sum(s => s.Counts.Sum()),
            string.Join(", ", totals));
    }
}
