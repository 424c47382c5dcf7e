using Microsoft.Net.Http.Headers;

namespace Paylent.Web.Api.JsonApi;

/// <summary>
/// JSON:API content negotiation (§ "Server Responsibilities"): a request body must be
/// <c>application/vnd.api+json</c> without media-type parameters other than ext/profile (else 415),
/// and an Accept header that lists the media type only with such parameters is not acceptable (406).
/// </summary>
internal sealed class MediaTypeFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody && !(MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) && IsPlainJsonApi(contentType)))
        {
            return ValueTask.FromResult<object?>(JsonApiResults.Errors(StatusCodes.Status415UnsupportedMediaType, JsonApiError.Of(
                415, "unsupported_media_type", "Unsupported media type", $"Send the document as {JsonApiResults.MediaType}.")));
        }

        var accept = request.GetTypedHeaders().Accept;
        var jsonApi = accept.Where(a => a.MediaType.Equals(JsonApiResults.MediaType, StringComparison.OrdinalIgnoreCase)).ToList();
        if (jsonApi.Count > 0 && jsonApi.All(a => !IsPlainJsonApi(a)) && !accept.Any(a => a.MatchesAllTypes || a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return ValueTask.FromResult<object?>(JsonApiResults.Errors(StatusCodes.Status406NotAcceptable, JsonApiError.Of(
                406, "not_acceptable", "Not acceptable", $"Accept {JsonApiResults.MediaType} without media type parameters.")));
        }

        return next(context);
    }

    private static bool IsPlainJsonApi(MediaTypeHeaderValue value) =>
        value.MediaType.Equals(JsonApiResults.MediaType, StringComparison.OrdinalIgnoreCase)
        && value.Parameters.All(p => p.Name.Equals("ext", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("profile", StringComparison.OrdinalIgnoreCase));
}
