using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Paylent.Application.OAuth;

namespace Paylent.Web.OAuth;

/// <summary>How the OAuth endpoints answer: JSON that is never cached (RFC 6749 §5.1) and errors per §5.2.</summary>
internal static class OAuthResults
{
    public static IResult Json(IEnumerable<KeyValuePair<string, object>> members) => new NoStoreJson(members, StatusCodes.Status200OK, null);

    public static IResult Error(OAuthException error, string? wwwAuthenticate = null) =>
        new NoStoreJson([new("error", error.Error), new("error_description", Describe(error.Message))], error.Status, wwwAuthenticate);

    public static IResult Error(string error, string description) => Error(new OAuthException(error, description));

    /// <summary>RFC 6750 §3.1: a request without credentials gets the challenge alone, no error in a body.</summary>
    public static IResult Unauthenticated(string wwwAuthenticate) => new NoStoreJson(null, StatusCodes.Status401Unauthorized, wwwAuthenticate);

    /// <summary>RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.</summary>
    private static string Describe(string description)
    {
        var builder = new StringBuilder(description.Length);
        foreach (var c in description)
        {
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '\'');
        }

        return builder.ToString();
    }

    /// <summary>
    /// One JSON object, written member by member into one buffer and sent with its length: these answers
    /// are on the hot paths (token, introspection), and their members are strings, numbers, booleans and
    /// string lists, so the serializer's per-value type dispatch is left for anything else.
    /// </summary>
    private sealed class NoStoreJson(IEnumerable<KeyValuePair<string, object>>? members, int status, string? wwwAuthenticate) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
            if (wwwAuthenticate is not null)
            {
                response.Headers.WWWAuthenticate = wwwAuthenticate;
            }

            if (members is null)
            {
                // Bodiless on purpose: no error page is to fill it in.
                if (httpContext.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
                {
                    statusCodePages.Enabled = false;
                }

                return;
            }

            var buffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteObject(writer, members);
            }

            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = buffer.WrittenCount;
            await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
        }

        private static void WriteObject(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object>> members)
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case string text: writer.WriteStringValue(text); break;
                case bool flag: writer.WriteBooleanValue(flag); break;
                case int number: writer.WriteNumberValue(number); break;
                case long number: writer.WriteNumberValue(number); break;
                case IEnumerable<string> texts:
                    writer.WriteStartArray();
                    foreach (var text in texts)
                    {
                        writer.WriteStringValue(text);
                    }

                    writer.WriteEndArray();
                    break;
                default: JsonSerializer.Serialize(writer, value, value.GetType(), JsonSerializerOptions.Web); break;
            }
        }
    }
}
