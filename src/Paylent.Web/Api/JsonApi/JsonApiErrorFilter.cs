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
            return JsonApiResults.Errors(StatusCodes.Status422UnprocessableEntity, error.Errors
                .Select(e => JsonApiError.Of(422, "invalid_attribute", "Invalid attribute", e.Message, Source(e.Field)))
                .ToArray());
        }
        catch (DomainException error)
        {
            return JsonApiResults.Errors(StatusCodes.Status422UnprocessableEntity,
                JsonApiError.Of(422, error.Code, "Rule violated", error.Message, error.Field is null ? null : Source(error.Field)));
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

    /// <summary>Use-case field names ("Settings.RedirectUris", "RedirectUris") become attribute pointers.</summary>
    private static JsonApiErrorSource Source(string field) =>
        field.StartsWith("page", StringComparison.OrdinalIgnoreCase) || field.StartsWith("Page.", StringComparison.Ordinal)
            ? new JsonApiErrorSource(Parameter: "page[" + Naming.ToSnakeCase(field.Split('.')[^1]) + "]")
            : new JsonApiErrorSource(Pointer: "/data/attributes/" + Naming.ToSnakeCase(field.Split('.')[^1]));
}
