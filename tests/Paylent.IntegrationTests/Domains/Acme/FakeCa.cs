using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Paylent.IntegrationTests.Domains.Acme;

/// <summary>
/// A scripted CA behind an <see cref="HttpMessageHandler"/>, for answers Pebble never gives: each path
/// answers from its script (the last answer repeats), every answer carries a new Replay-Nonce, and
/// every request is recorded with the time it arrived.
/// </summary>
internal sealed class FakeCa : HttpMessageHandler
{
    public const string Origin = "https://ca.test";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<string?, HttpResponseMessage>>> _scripts = new();
    private int _nonces;

    public FakeCa()
    {
        On("/directory", () => Json(HttpStatusCode.OK, $$"""{"newNonce":"{{Origin}}/new-nonce","newAccount":"{{Origin}}/new-account","newOrder":"{{Origin}}/new-order"}"""));
        On("/new-nonce", () => new HttpResponseMessage(HttpStatusCode.OK));
        On("/new-account", () => Json(HttpStatusCode.Created, """{"status":"valid"}""", location: $"{Origin}/account/1"));
    }

    public ConcurrentQueue<(string Path, string? Body, DateTimeOffset At, string Nonce)> Requests { get; } = new();

    public static Dictionary<string, string?> Settings(string? orderTimeout = null) => new()
    {
        ["DirectoryUrl"] = $"{Origin}/directory",
        ["OrderTimeout"] = orderTimeout,
    };

    public FakeCa On(string path, params Func<HttpResponseMessage>[] answers)
    {
        _scripts[path] = new ConcurrentQueue<Func<string?, HttpResponseMessage>>(answers.Select(a => (Func<string?, HttpResponseMessage>)(_ => a())));
        return this;
    }

    /// <summary>A path whose answer depends on the request's body (a JWS, or null for a GET).</summary>
    public FakeCa OnRequest(string path, Func<string?, HttpResponseMessage> answer)
    {
        _scripts[path] = new ConcurrentQueue<Func<string?, HttpResponseMessage>>([answer]);
        return this;
    }

    public IEnumerable<(string Path, string? Body, DateTimeOffset At, string Nonce)> To(string path) => Requests.Where(r => r.Path == path);

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string? location = null, string mediaType = "application/json")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (location is not null)
        {
            response.Headers.Location = new Uri(location);
        }

        return response;
    }

    public static HttpResponseMessage Problem(HttpStatusCode status, string type, string detail) =>
        Json(status, $$"""{"type":"{{type}}","detail":"{{detail}}","status":{{(int)status}}}""", mediaType: "application/problem+json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((path, body, DateTimeOffset.UtcNow, body is null ? string.Empty : Jws.Header(body).GetProperty("nonce").GetString()!));
        if (!_scripts.TryGetValue(path, out var script))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        var answer = script.Count > 1 && script.TryDequeue(out var next) ? next : script.First();
        var response = answer(body);
        response.Headers.Add("Replay-Nonce", $"nonce-{Interlocked.Increment(ref _nonces)}");
        return response;
    }
}

/// <summary>Reading a flattened JWS (RFC 7515 §7.2.2) in tests.</summary>
internal static class Jws
{
    public static System.Text.Json.JsonElement Header(string jws) => Decode(jws, "protected");

    public static System.Text.Json.JsonElement Decode(string jws, string member)
    {
        using var document = System.Text.Json.JsonDocument.Parse(jws);
        var part = System.Buffers.Text.Base64Url.DecodeFromChars(document.RootElement.GetProperty(member).GetString());
        using var decoded = System.Text.Json.JsonDocument.Parse(part);
        return decoded.RootElement.Clone();
    }
}

internal static class RetryAfterHeaders
{
    public static HttpResponseMessage WithRetryAfter(this HttpResponseMessage response, string value)
    {
        response.Headers.TryAddWithoutValidation("Retry-After", value);
        return response;
    }

    public static HttpResponseHeaders RetryAfter(string value) => new HttpResponseMessage().WithRetryAfter(value).Headers;
}
