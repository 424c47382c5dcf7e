using System.Text.Json;
using Paylent.Application.Common;

namespace Paylent.Web.Api.JsonApi;

/// <summary>
/// A request's primary resource, read strictly: the body is JSON, <c>data</c> is an object of the
/// expected <c>type</c>, and <c>attributes</c> holds only names the resource knows, each of the right
/// JSON type. Every problem is a JSON:API error pointing at the member at fault.
/// </summary>
public sealed class ResourceDocument
{
    public const int MaxBodyBytes = 256 * 1024;

    private readonly JsonElement _attributes;
    private readonly JsonElement _relationships;

    private ResourceDocument(JsonElement attributes, JsonElement relationships)
    {
        _attributes = attributes;
        _relationships = relationships;
    }

    public static async Task<ResourceDocument> ReadAsync(HttpRequest request, string type, IReadOnlySet<string> knownAttributes)
    {
        using (var document = await ParseAsync(request))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw JsonApiException.BadDocument("A document needs a top-level \"data\" object.", "/data");
            }

            if (!data.TryGetProperty("type", out var actualType) || !Is(actualType, type))
            {
                throw new JsonApiException(StatusCodes.Status409Conflict,
                    JsonApiError.Of(409, "type_mismatch", "Type mismatch", $"The resource type must be \"{type}\".", new JsonApiErrorSource(Pointer: "/data/type")));
            }

            var attributes = data.TryGetProperty("attributes", out var found) ? found : default;
            if (attributes.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
            {
                throw JsonApiException.BadDocument("\"attributes\" must be an object.", "/data/attributes");
            }

            if (attributes.ValueKind == JsonValueKind.Object)
            {
                var unknown = attributes.EnumerateObject().Select(p => p.Name).Where(n => !knownAttributes.Contains(n)).ToList();
                if (unknown.Count > 0)
                {
                    throw JsonApiException.BadAttribute(unknown[0], $"A {type} has no attribute \"{unknown[0]}\".");
                }
            }

            var relationships = data.TryGetProperty("relationships", out var linked) ? linked : default;
            if (relationships.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
            {
                throw JsonApiException.BadDocument("\"relationships\" must be an object.", "/data/relationships");
            }

            return new ResourceDocument(
                attributes.ValueKind == JsonValueKind.Object ? attributes.Clone() : default,
                relationships.ValueKind == JsonValueKind.Object ? relationships.Clone() : default);
        }
    }

    /// <summary>
    /// A to-many relationship's linkage (<c>{"data": [{"type", "id"}, ...]}</c>), as the relationship
    /// endpoints take it: 1 to <paramref name="max"/> identifiers of the given type. An id that is no
    /// GUID names no resource here: 404, as JSON:API answers for an unknown related resource.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> ReadLinkageAsync(HttpRequest request, string type, int max)
    {
        using (var document = await ParseAsync(request))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw JsonApiException.BadDocument("A relationship document needs a top-level \"data\" array of resource identifiers.", "/data");
            }

            return Linkage(data, type, max, "/data");
        }
    }

    /// <summary>
    /// A to-many relationship given with the resource (<c>relationships.{name}.data</c>), as create and
    /// update take it: null when absent, else 0 to <paramref name="max"/> identifiers of <paramref name="type"/>.
    /// </summary>
    public IReadOnlyList<Guid>? Relationship(string name, string type, int max)
    {
        if (_relationships.ValueKind != JsonValueKind.Object || !_relationships.TryGetProperty(name, out var relationship))
        {
            return null;
        }

        var pointer = $"/data/relationships/{name}";
        if (relationship.ValueKind != JsonValueKind.Object || !relationship.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw JsonApiException.BadDocument($"Relationship \"{name}\" needs a \"data\" array of resource identifiers.", pointer);
        }

        return data.GetArrayLength() == 0 ? [] : Linkage(data, type, max, pointer + "/data");
    }

    private static List<Guid> Linkage(JsonElement data, string type, int max, string pointerPrefix)
    {
        var count = data.GetArrayLength();
        if (count == 0 || count > max)
        {
            throw new JsonApiException(StatusCodes.Status422UnprocessableEntity,
                JsonApiError.Of(422, "invalid_linkage", "Invalid relationship", $"Give 1 to {max} resource identifiers in one request.", new JsonApiErrorSource(Pointer: pointerPrefix)));
        }

        var ids = new List<Guid>(count);
        var index = 0;
        foreach (var identifier in data.EnumerateArray())
        {
            var pointer = $"{pointerPrefix}/{index++}";
            if (identifier.ValueKind != JsonValueKind.Object || !identifier.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                throw JsonApiException.BadDocument("Each resource identifier is an object with a \"type\" and a string \"id\".", pointer);
            }

            if (!identifier.TryGetProperty("type", out var actualType) || !Is(actualType, type))
            {
                throw new JsonApiException(StatusCodes.Status409Conflict,
                    JsonApiError.Of(409, "type_mismatch", "Type mismatch", $"The resource type must be \"{type}\".", new JsonApiErrorSource(Pointer: pointer + "/type")));
            }

            ids.Add(System.Guid.TryParse(Text(id, "id"), out var guid)
                ? guid
                : throw new JsonApiException(StatusCodes.Status404NotFound,
                    JsonApiError.Of(404, "not_found", "Not found", $"No {type} has that id.", new JsonApiErrorSource(Pointer: pointer + "/id"))));
        }

        return ids;
    }

    /// <summary>An attribute that holds a resource id (a GUID in a string); null when absent or null.</summary>
    public Guid? Guid(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        return System.Guid.TryParse(text, out var id) ? id : throw JsonApiException.BadAttribute(name, $"\"{name}\" must be an id.");
    }

    private static async Task<JsonDocument> ParseAsync(HttpRequest request)
    {
        try
        {
            return JsonDocument.Parse(await ReadBoundedAsync(request), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw JsonApiException.BadDocument("The body is not valid JSON.");
        }
    }

    /// <summary>The body, refused past <see cref="MaxBodyBytes"/> whether or not it declared a length (chunked).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                throw TooLarge();
            }

            body.Write(chunk, 0, read);
        }

        return body.ToArray();
    }

    private static JsonApiException TooLarge() => new(StatusCodes.Status413PayloadTooLarge,
        JsonApiError.Of(413, "payload_too_large", "Payload too large", $"A document is at most {MaxBodyBytes / 1024} KB."));

    public bool Has(string name) => _attributes.ValueKind == JsonValueKind.Object && _attributes.TryGetProperty(name, out _);

    public string? String(string name, string? fallback = null) => Value(name, JsonValueKind.String, "a string", fallback, e => Text(e, name));

    public int Integer(string name, int fallback) =>
        Value(name, JsonValueKind.Number, "an integer", fallback, e => e.TryGetInt32(out var value) ? value : throw JsonApiException.BadAttribute(name, $"\"{name}\" must be an integer."));

    public bool Boolean(string name, bool fallback)
    {
        if (!Has(name))
        {
            return fallback;
        }

        var element = _attributes.GetProperty(name);
        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw JsonApiException.BadAttribute(name, $"\"{name}\" must be true or false."),
        };
    }

    public IReadOnlyList<string> Strings(string name, IReadOnlyList<string> fallback)
    {
        if (!Has(name))
        {
            return fallback;
        }

        var element = _attributes.GetProperty(name);
        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw JsonApiException.BadAttribute(name, $"\"{name}\" must be an array of strings.");
        }

        return element.EnumerateArray().Select(e => Text(e, name)).ToList();
    }

    /// <summary>
    /// An attribute that is a JSON object (metadata), as compact JSON text; null when absent or null.
    /// Its strings are checked by the use case, which knows what it stores.
    /// </summary>
    public string? Object(string name)
    {
        if (!Has(name))
        {
            return null;
        }

        var element = _attributes.GetProperty(name);
        return element.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Object when HoldsOnlyText(element) => element.GetRawText(),
            JsonValueKind.Object => throw JsonApiException.BadAttribute(name, $"\"{name}\" must hold only valid Unicode text, with no NUL or noncharacter."),
            _ => throw JsonApiException.BadAttribute(name, $"\"{name}\" must be an object."),
        };
    }

    /// <summary>
    /// Whether every key and string inside is text (<see cref="InputRules.IsText"/>): the parser lets raw
    /// bytes that are not UTF-8 through inside strings, and only reading them as .NET text finds them.
    /// </summary>
    private static bool HoldsOnlyText(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.Object => element.EnumerateObject().All(p => InputRules.IsText(p.Name) && HoldsOnlyText(p.Value)),
                JsonValueKind.Array => element.EnumerateArray().All(HoldsOnlyText),
                JsonValueKind.String => InputRules.IsText(element.GetString()),
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public T Enum<T>(string name, T fallback)
        where T : struct, System.Enum
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        var names = System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToList();
        return names.Contains(text, StringComparer.Ordinal)
            ? System.Enum.Parse<T>(text, ignoreCase: true)
            : throw JsonApiException.BadAttribute(name, $"\"{name}\" is one of: {string.Join(", ", names)}.");
    }

    /// <summary>Whether an element is the string <paramref name="expected"/> (false for text that is not Unicode).</summary>
    private static bool Is(JsonElement element, string expected)
    {
        try
        {
            return element.ValueKind == JsonValueKind.String && element.ValueEquals(expected);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// A JSON string as .NET text; an escaped lone surrogate (<c>"\ud800"</c>) is valid JSON but no
    /// text, and an escaped NUL or noncharacter is not text Paylent accepts (<see cref="InputRules.IsText"/>).
    /// </summary>
    private static string Text(JsonElement element, string name)
    {
        try
        {
            var text = element.GetString()!;
            return InputRules.IsText(text) ? text : throw JsonApiException.BadAttribute(name, $"\"{name}\" must not contain a NUL, a noncharacter or text that is not UTF-8.");
        }
        catch (InvalidOperationException)
        {
            throw JsonApiException.BadAttribute(name, $"\"{name}\" must be valid Unicode text.");
        }
    }

    private TValue Value<TValue>(string name, JsonValueKind kind, string description, TValue fallback, Func<JsonElement, TValue> read)
    {
        if (!Has(name))
        {
            return fallback;
        }

        var element = _attributes.GetProperty(name);
        if (element.ValueKind == JsonValueKind.Null && default(TValue) is null)
        {
            return default!;
        }

        return element.ValueKind == kind ? read(element) : throw JsonApiException.BadAttribute(name, $"\"{name}\" must be {description}.");
    }
}
