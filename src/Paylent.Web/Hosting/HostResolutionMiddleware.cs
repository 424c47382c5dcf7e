using Paylent.Application.Common.Persistence;

namespace Paylent.Web.Hosting;

/// <summary>
/// Resolves the request's host before routing and enters its environment, so every query of the
/// request is scoped to it. Never short-circuits: routing decides (through
/// <see cref="HostKindMatcherPolicy"/>) which endpoints the host may reach, and unmatched requests
/// get the 404 page.
/// </summary>
public sealed class HostResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, HostResolver resolver, EnvironmentContext scope)
    {
        var resolved = await resolver.ResolveAsync(context.Request.Host.Host, context.RequestAborted);
        context.Features.Set(resolved);
        if (resolved.Environment is { } environment)
        {
            scope.Enter(environment.AccountId, environment.Id);
        }

        await next(context);
    }
}
