using Paylent.Application.Common.Security;
using Paylent.Domain.Common;
using Paylent.Web.Areas.Dashboard;

namespace Paylent.Web.Hosting;

/// <summary>Tells the audit trail who is acting and from where, for every request.</summary>
public sealed class RequestAuditMiddleware(RequestDelegate next)
{
    private const int MaxUserAgentLength = 256;

    public Task InvokeAsync(HttpContext context, AuditContext audit)
    {
        audit.DescribeRequest(() => new Dictionary<string, string>
        {
            ["ip"] = context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            ["user_agent"] = BoundedText.Truncate(context.Request.Headers.UserAgent.ToString(), MaxUserAgentLength),
            ["request_id"] = context.TraceIdentifier,
        });

        if (context.User.AdminId() is { } adminId)
        {
            audit.IdentifyActor(AuditActor.Admin(adminId));
        }

        return next(context);
    }
}
