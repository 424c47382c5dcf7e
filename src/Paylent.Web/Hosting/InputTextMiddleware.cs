using Microsoft.Net.Http.Headers;
using Paylent.Application.Common;
using Paylent.Web.Errors;

namespace Paylent.Web.Hosting;

/// <summary>
/// Every request's own text is checked here, once, before any endpoint reads it: the path, each
/// query parameter and, for a form body, its charset and each field, names and values alike, by
/// <see cref="InputRules.IsText"/>. A request that fails is answered in its surface's error format
/// (<see cref="InputRejection"/>) and reaches no handler, so nothing is half-written and nothing
/// such as a NUL ever reaches the database. Values are bounded by each surface's own rules.
/// </summary>
public sealed class InputTextMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is { } endpoint && await ProblemAsync(context.Request) is { } problem)
        {
            await InputRejection.WriteAsync(context, endpoint, problem);
            return;
        }

        await next(context);
    }

    private static async Task<InputProblem?> ProblemAsync(HttpRequest request)
    {
        if (!InputRules.IsText(request.Path.Value))
        {
            return new InputProblem(StatusCodes.Status400BadRequest, null, "The address contains characters that are not allowed.");
        }

        if (Invalid(request.Query) is { } query)
        {
            return query;
        }

        if (!request.HasFormContentType)
        {
            return null;
        }

        // Only UTF-8 is read (WHATWG URL §5.1 for urlencoded forms): any other charset would decode the
        // same bytes as other text, and some (UTF-7) are refused by the reader itself.
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.Charset is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return new InputProblem(StatusCodes.Status415UnsupportedMediaType, null, "A form must be sent as UTF-8 (charset=utf-8, or no charset).");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return new InputProblem(status, null, "The request body is too large or malformed.");
        }

        return Invalid(form);
    }

    private static InputProblem? Invalid(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters)
    {
        foreach (var (name, values) in parameters)
        {
            if (!InputRules.IsText(name))
            {
                return new InputProblem(StatusCodes.Status400BadRequest, null, "A parameter name contains characters that are not allowed.");
            }

            foreach (var value in values)
            {
                if (!InputRules.IsText(value))
                {
                    return new InputProblem(StatusCodes.Status400BadRequest, name,
                        $"The parameter {name} contains characters that are not allowed (a NUL, a noncharacter, or text that is not UTF-8).");
                }
            }
        }

        return null;
    }
}

/// <summary>Why a request's text was refused; <paramref name="Parameter"/> names the field when it can be named.</summary>
public sealed record InputProblem(int Status, string? Parameter, string Detail)
{
    public string Code => Status == StatusCodes.Status415UnsupportedMediaType ? "unsupported_media_type" : "invalid_input";

    public string Title => Status == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Invalid input";
}
