namespace Paylent.Web.Api.JsonApi;

/// <summary>The request document or parameters are wrong; answered as JSON:API errors with this status.</summary>
public sealed class JsonApiException(int status, params JsonApiError[] errors)
    : Exception(string.Join(" ", errors.Select(e => e.Detail)))
{
    public int Status { get; } = status;

    public IReadOnlyList<JsonApiError> Errors { get; } = errors;

    public static JsonApiException BadDocument(string detail, string pointer = "") =>
        new(StatusCodes.Status400BadRequest, JsonApiError.Of(400, "invalid_document", "Invalid document", detail, new JsonApiErrorSource(Pointer: pointer)));

    public static JsonApiException BadParameter(string parameter, string detail) =>
        new(StatusCodes.Status400BadRequest, JsonApiError.Of(400, "invalid_parameter", "Invalid parameter", detail, new JsonApiErrorSource(Parameter: parameter)));

    public static JsonApiException BadAttribute(string attribute, string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, JsonApiError.Of(422, "invalid_attribute", "Invalid attribute", detail, new JsonApiErrorSource(Pointer: $"/data/attributes/{attribute}")));
}
