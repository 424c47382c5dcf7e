using Microsoft.AspNetCore.Diagnostics;
using Paylent.Application.Common;

namespace Paylent.Web.Errors;

/// <summary>
/// The last line: malformed requests the framework rejects become 4xx, anything else a 500 that
/// shows no detail (the log has it, with the request id the page shows).
/// </summary>
internal sealed partial class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                await ErrorResponse.WriteAsync(httpContext, bad.StatusCode, "bad_request", "Bad request", "The request could not be read.");
                return true;
            case InvalidDataException:
                // Form limits (too many fields, a value too long) surface as InvalidDataException.
                await ErrorResponse.WriteAsync(httpContext, StatusCodes.Status400BadRequest, "bad_request", "Bad request", "The request is too large or malformed.");
                return true;
            case ConflictException conflict:
                // A surface without a mapping of its own (a hosted page's command that lost its race past
                // the retries): the same 409 the management API gives, in the caller's format.
                await ErrorResponse.WriteAsync(httpContext, StatusCodes.Status409Conflict, "conflict", "Conflict", conflict.Message);
                return true;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                LogUnhandled(logger, exception, httpContext.TraceIdentifier);
                await ErrorResponse.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, "server_error", "Something went wrong",
                    $"The error was logged. Quote request id {httpContext.TraceIdentifier} when reporting it.");
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
