using System.Text.Json;
using System.Text.Json.Serialization;
using Paylent.Web.Hosting;

namespace Paylent.Web.Api.JsonApi;

/// <summary>JSON:API 1.1 documents as the management API writes them.</summary>
public static class JsonApiResults
{
    public const string MediaType = "application/vnd.api+json";

    public static readonly JsonSerializerOptions Serializer = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>A resource object: <c>{type, id, attributes, links.self}</c>.</summary>
    public static Dictionary<string, object?> Resource(HttpRequest request, string type, string id, string path, object attributes) => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["attributes"] = attributes,
        ["links"] = new Dictionary<string, string> { ["self"] = $"{Origin(request)}{path}/{id}" },
    };

    public static IResult Document(object? data, int status = StatusCodes.Status200OK, object? links = null, string? location = null, object? meta = null) =>
        new DocumentResult(
            (links, meta) switch
            {
                (null, null) => new { data },
                (_, null) => new { data, links },
                (null, _) => new { data, meta },
                _ => new { data, links, meta },
            },
            status,
            location);

    public static IResult Errors(int status, params JsonApiError[] errors) => new DocumentResult(new { errors }, status, null);

    public static string Origin(HttpRequest request) => request.PublicOrigin();

    private sealed class DocumentResult(object document, int status, string? location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = MediaType;
            response.Headers.CacheControl = "no-store";
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            return status == StatusCodes.Status204NoContent
                ? Task.CompletedTask
                : JsonSerializer.SerializeAsync(response.Body, document, document.GetType(), Serializer, httpContext.RequestAborted);
        }
    }
}

/// <summary>A JSON:API error object; <see cref="Source"/> points at the offending member or parameter.</summary>
public sealed record JsonApiError(string Status, string Code, string Title, string Detail, JsonApiErrorSource? Source = null)
{
    public static JsonApiError Of(int status, string code, string title, string detail, JsonApiErrorSource? source = null) =>
        new(status.ToString(System.Globalization.CultureInfo.InvariantCulture), code, title, detail, source);
}

public sealed record JsonApiErrorSource(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pointer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parameter = null);
