using Paylent.Infrastructure.Domains.Challenges;

namespace Paylent.Web.Hosting;

/// <summary>
/// <c>GET /.well-known/acme-challenge/{token}</c> (RFC 8555 §8.3) on any host and listener: the key
/// authorization published for that host and token, or 404. Answered before host resolution, since a
/// custom domain is validated before it routes anywhere; <see cref="AcmeChallengeResponder"/> decides from
/// memory, so an unknown host or a malformed token costs no lookup.
/// </summary>
public sealed class AcmeChallengeMiddleware(RequestDelegate next, AcmeChallengeResponder responder)
{
    public static readonly PathString Prefix = new("/.well-known/acme-challenge");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Prefix, out var rest)
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            await next(context);
            return;
        }

        var token = rest.Value is { Length: > 1 } path && path.IndexOf('/', 1) < 0 ? path[1..] : null;
        var answer = await responder.AnswerAsync(HostResolver.AsciiNameOf(context.Request), token, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        if (answer is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // RFC 8555 §8.3: the body is the key authorization; its example answers application/octet-stream.
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = answer.Length;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.WriteAsync(answer, context.RequestAborted);
        }
    }
}
