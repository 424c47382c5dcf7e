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
        // What the description needs is taken now, while the request is live; only the text is built when
        // something is first audited, and never from the HttpContext, which is recycled after the response.
        var address = context.Connection.RemoteIpAddress;
        var userAgent = context.Request.Headers.UserAgent;
        var requestId = context.TraceIdentifier;
        audit.DescribeRequest(() => new Dictionary<string, string>
        {
            ["ip"] = address?.ToString() ?? "unknown",
            ["user_agent"] = BoundedText.Truncate(userAgent.ToString(), MaxUserAgentLength),
            ["request_id"] = requestId,
        });

        if (context.User.AdminId() is { } adminId)
        {
            audit.IdentifyActor(AuditActor.Admin(adminId));
        }

        return next(context);
    }
}
