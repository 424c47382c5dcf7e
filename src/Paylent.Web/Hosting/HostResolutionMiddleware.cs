using Paylent.Application.Common.Persistence;
using Paylent.Web.Errors;

namespace Paylent.Web.Hosting;

/// <summary>
/// Resolves the request's host before routing and enters its environment, so every query of the
/// request is scoped to it. Short-circuits only for a Host header that is no host name; otherwise
/// routing decides (through <see cref="HostKindMatcherPolicy"/>) which endpoints the host may
/// reach, and unmatched requests get the 404 page.
/// </summary>
public sealed class HostResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, HostResolver resolver, EnvironmentContext scope)
    {
        if (HostResolver.NameOf(context.Request) is not { } name)
        {
            // Nothing after this could even read the request's host (HttpRequest.Host throws for it),
            // so the unknown-host answer is given here, on every path.
            await ErrorResponse.WriteAsync(context, StatusCodes.Status404NotFound, "unknown_host", "Unknown host", "The Host header is not a valid host name.");
            return;
        }

        var resolved = await resolver.ResolveAsync(name, context.Connection.RemoteIpAddress, context.RequestAborted);
        context.Features.Set(resolved);
        if (resolved.Environment is { } environment)
        {
            scope.Enter(environment.AccountId, environment.Id);
        }

        await next(context);
    }
}
