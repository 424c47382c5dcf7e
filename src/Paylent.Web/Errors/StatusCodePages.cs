using Microsoft.AspNetCore.Diagnostics;
using Paylent.Web.Hosting;

namespace Paylent.Web.Errors;

/// <summary>Gives empty error responses (no route, unknown host, 405, 429) a body in the client's format.</summary>
internal static class StatusCodePages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (status == StatusCodes.Status404NotFound && http.Features.Get<ResolvedHost>()?.Kind is HostKind.Unknown or null)
        {
            // Answered before host resolution too (the ACME challenge path), so the name may not decode.
            return ErrorResponse.WriteAsync(http, status, "unknown_host", "Unknown host",
                HostResolver.NameOf(http.Request) is { } name ? $"No Paylent environment is served on {name}." : "The Host header is not a valid host name.");
        }

        var (code, title, detail) = status switch
        {
            StatusCodes.Status404NotFound => ("not_found", "Not found", "There is nothing at this address."),
            StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "Method not allowed", "This address does not accept that method."),
            StatusCodes.Status413PayloadTooLarge => ("payload_too_large", "Request too large", "The request body is too large."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Unsupported media type", "The request's content type is not accepted here."),
            StatusCodes.Status429TooManyRequests => ("too_many_requests", "Too many requests", "Slow down and try again in a moment."),
            _ => ("error", "Request failed", $"The request failed with status {status}."),
        };
        return ErrorResponse.WriteAsync(http, status, code, title, detail);
    }
}
