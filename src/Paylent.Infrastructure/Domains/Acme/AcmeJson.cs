using System.Text.Json;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>Strict reading of the CA's JSON: a missing or mistyped field is an <see cref="AcmeProtocolException"/> that names it.</summary>
internal static class AcmeJson
{
    public static JsonElement Parse(string body, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new AcmeProtocolException($"The CA's {what} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new AcmeProtocolException($"The CA's {what} is not valid JSON: {e.Message}");
        }
    }

    public static string String(JsonElement json, string name, string what) =>
        OptionalString(json, name, what) ?? throw new AcmeProtocolException($"The CA's {what} has no \"{name}\".");

    public static string? OptionalString(JsonElement json, string name, string what)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new AcmeProtocolException($"The CA's {what} has a \"{name}\" that is not a string.");
    }

    /// <summary>A URL field: absolute and https (RFC 8555 §6.1), so nothing is ever signed for a plain-text or relative target.</summary>
    public static Uri Url(JsonElement json, string name, string what) =>
        AbsoluteHttps(String(json, name, what), $"\"{name}\" of the CA's {what}");

    public static Uri AbsoluteHttps(string value, string what) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
            ? url
            : throw new AcmeProtocolException($"The {what} is not an absolute https URL.");

    public static IReadOnlyList<JsonElement> Array(JsonElement json, string name, string what)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new AcmeProtocolException($"The CA's {what} has no \"{name}\" array.");
        }

        return [.. value.EnumerateArray()];
    }
}
