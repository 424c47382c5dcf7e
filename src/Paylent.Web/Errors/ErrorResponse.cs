using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Paylent.Web.Errors;

/// <summary>
/// The platform-level error answer (unknown host, no route, unhandled failure) in the format the
/// client reads: an HTML page for browsers, a JSON:API error document otherwise. Surfaces with a
/// format of their own (OAuth endpoints, the management API) answer their errors themselves.
/// </summary>
public static class ErrorResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string code, string title, string detail)
    {
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
