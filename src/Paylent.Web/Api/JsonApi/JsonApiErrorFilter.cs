using Paylent.Application.Common;
using Paylent.Domain.Common;

namespace Paylent.Web.Api.JsonApi;

/// <summary>
/// The management API's one error mapping: every failure leaves as a JSON:API error document, field
/// errors pointing at <c>/data/attributes/{name}</c>. Nothing here is a 500.
/// </summary>
internal sealed class JsonApiErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (JsonApiException error)
        {
            return JsonApiResults.Errors(error.Status, [.. error.Errors]);
        }
        catch (RequestValidationException error)
        {
            var query = IsQuery(context.HttpContext.Request);
            return JsonApiResults.Errors(StatusCodes.Status422UnprocessableEntity, error.Errors
                .Select(e => JsonApiError.Of(422, query ? "invalid_parameter" : "invalid_attribute", query ? "Invalid parameter" : "Invalid attribute", e.Message, Source(e.Field, query)))
                .ToArray());
        }
        catch (DomainException error)
        {
            // A unique value another resource already holds (email_taken, username_taken) conflicts with that resource;
            // a check asked again too soon (check_too_soon) is a rate limit.
            var (status, title) = error.Code switch
            {
                _ when error.Code.EndsWith("_taken", StringComparison.Ordinal) => (StatusCodes.Status409Conflict, "Conflict"),
                _ when error.Code.EndsWith("_too_soon", StringComparison.Ordinal) => (StatusCodes.Status429TooManyRequests, "Too many requests"),
                _ => (StatusCodes.Status422UnprocessableEntity, "Rule violated"),
            };
            return JsonApiResults.Errors(status,
                JsonApiError.Of(status, error.Code, title, error.Message,
                    error.Field is null ? null : Source(error.Field, IsQuery(context.HttpContext.Request))));
        }
        catch (NotFoundException error)
        {
            return JsonApiResults.Errors(StatusCodes.Status404NotFound, JsonApiError.Of(404, "not_found", "Not found", error.Message));
        }
        catch (ConflictException error)
        {
            return JsonApiResults.Errors(StatusCodes.Status409Conflict, JsonApiError.Of(409, "conflict", "Conflict", error.Message));
        }
    }

    /// <summary>
    /// Use-case field names ("Settings.RedirectUris", "Profile.Email") become attribute pointers; on a
    /// read, which has no document, they name the query parameter instead (page[size], filter[email]).
    /// </summary>
    private static JsonApiErrorSource Source(string field, bool query)
    {
        var name = Naming.ToSnakeCase(field.Split('.')[^1]);
        if (field.StartsWith("page", StringComparison.OrdinalIgnoreCase) || field.StartsWith("Page.", StringComparison.Ordinal))
        {
            return new JsonApiErrorSource(Parameter: $"page[{name}]");
        }

        return query ? new JsonApiErrorSource(Parameter: $"filter[{name}]") : new JsonApiErrorSource(Pointer: "/data/attributes/" + name);
    }

    private static bool IsQuery(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
}
