using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;
using Paylent.Application.OAuth;
using Paylent.Web.Hosting;
using Paylent.Web.OAuth;

namespace Paylent.Web.Errors;

/// <summary>
/// The platform-level error answer (unknown host, no route, wrong method, rate limit, unhandled
/// failure) in the format the client reads. On the protocol surface, RFC 6749 §5.2 JSON, which OAuth
/// libraries parse; elsewhere an HTML page for browsers and a JSON:API error document otherwise.
/// Surfaces with a format of their own answer the errors they find themselves; this is for the
/// failures found around them.
/// </summary>
public static class ErrorResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string code, string title, string detail)
    {
        if (IsProtocolSurface(context))
        {
            var (error, oauthStatus) = status switch
            {
                StatusCodes.Status429TooManyRequests => (OAuthErrors.TooManyRequests, status),
                >= StatusCodes.Status500InternalServerError => (OAuthErrors.ServerError, status),
                // §5.2 has no 413 or 415: an unreadable request is invalid_request, as InputRejection answers it.
                StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType => (OAuthErrors.InvalidRequest, StatusCodes.Status400BadRequest),
                _ => (OAuthErrors.InvalidRequest, status),
            };
            await OAuthResults.Error(new OAuthException(error, detail, oauthStatus)).ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        if (WantsHtml(context.Request))
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(Page(status, title, detail), context.RequestAborted);
            return;
        }

        response.ContentType = "application/vnd.api+json";
        await JsonSerializer.SerializeAsync(response.Body, new
        {
            errors = new[] { new { status = status.ToString(System.Globalization.CultureInfo.InvariantCulture), code, title, detail } },
        }, cancellationToken: context.RequestAborted);
    }

    /// <summary>
    /// The OAuth endpoints (their metadata says so), and on an environment host whatever lies under
    /// their prefixes where no endpoint names a format: a 405 (routing's own endpoint carries no
    /// metadata) or a 404 there reaches a client library, not a person. A browser reaching the hosted
    /// pages among them (<c>/oauth/authorize</c>, <c>/oauth/logout</c>) keeps its page.
    /// </summary>
    private static bool IsProtocolSurface(HttpContext context)
    {
        // The exception handler clears the endpoint before it runs, and keeps it in its feature.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint?.Metadata.GetMetadata<ErrorFormat>() is { } format)
        {
            return format == ErrorFormat.OAuth;
        }

        return context.Features.Get<ResolvedHost>()?.Kind == HostKind.Environment
            && !WantsHtml(context.Request)
            && (context.Request.Path.StartsWithSegments("/oauth", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.StartsWithSegments("/.well-known", StringComparison.OrdinalIgnoreCase));
    }

    public static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static string Page(int status, string title, string detail)
    {
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{status} · {encoder.Encode(title)} · Paylent</title>
            <link rel="stylesheet" href="/lib/pico.min.css"></head>
            <body><main class="container"><article>
            <h1>{encoder.Encode(title)}</h1>
            <p>{encoder.Encode(detail)}</p>
            </article></main></body>
            </html>
            """;
    }
}
