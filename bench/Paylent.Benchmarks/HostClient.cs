using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Paylent.Benchmarks;

/// <summary>
/// HTTP to the environment host: requests name <c>{host}:{port}</c> (so the server's host routing and
/// issuer are as in production) while every connection goes to the loopback endpoint given, whatever
/// that name would resolve to.
/// </summary>
internal sealed partial class HostClient(BenchOptions options) : IDisposable
{
    private static readonly byte[] ActiveTrue = "\"active\":true"u8.ToArray();

    private readonly HttpClient _http = Create(options);

    public void Dispose() => _http.Dispose();

    public static string Basic(string clientId, string secret) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}"));

    /// <summary>A client_credentials token request, as the load sends it.</summary>
    public Func<CancellationToken, Task<string?>> TokenRequest(string basic) =>
        Post("oauth/token", basic, "grant_type=client_credentials"u8.ToArray(), accept: null);

    /// <summary>An introspection that must find the token active.</summary>
    public Func<CancellationToken, Task<string?>> IntrospectionRequest(string basic, string token) =>
        Post("oauth/introspect", basic, Encoding.ASCII.GetBytes("token=" + Uri.EscapeDataString(token)), accept: body => body.AsSpan().IndexOf(ActiveTrue) >= 0);

    public Func<CancellationToken, Task<string?>> Get(string path) => async cancellationToken =>
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        return response.IsSuccessStatusCode ? null : await Describe(response, cancellationToken);
    };

    /// <summary>GET /sign-in for one worker: its antiforgery cookie and token; null when the server has no hosted sign-in page.</summary>
    public async Task<SignInForm?> FetchSignInFormAsync(string email, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("sign-in", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchmarkException($"GET /sign-in answered {(int)response.StatusCode}: {Truncate(html)}");
        }

        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];
        return AntiforgeryInput().Match(html) is { Success: true } input && InputValue().Match(input.Value) is { Success: true } value
            ? new SignInForm(string.Join("; ", cookies), WebUtility.HtmlDecode(value.Groups[1].Value), email)
            : throw new BenchmarkException("GET /sign-in answered a page without an antiforgery token.");
    }

    /// <summary>
    /// POST /sign-in (PRODUCT.md: form fields <c>email</c>, <c>password</c>, <c>__RequestVerificationToken</c>;
    /// success is a redirect that sets the session cookie). Each request takes a form from the pool and
    /// gives it back, so no two requests at once sign in the same user; the session cookie is dropped,
    /// so every request is a full sign-in.
    /// </summary>
    public Func<CancellationToken, Task<string?>> SignInRequest(IReadOnlyCollection<SignInForm> forms, string password)
    {
        var pool = new ConcurrentBag<SignInForm>(forms);
        return async cancellationToken =>
        {
            if (!pool.TryTake(out var form))
            {
                return "more concurrent sign-ins than forms";
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "sign-in")
                {
                    Content = new FormUrlEncodedContent([new("email", form.Email), new("password", password), new("__RequestVerificationToken", form.Token)]),
                };
                request.Headers.Add("Cookie", form.Cookie);
                using var response = await _http.SendAsync(request, cancellationToken);
                return response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther && response.Headers.Contains("Set-Cookie")
                    ? null
                    : await Describe(response, cancellationToken);
            }
            finally
            {
                pool.Add(form);
            }
        };
    }

    /// <summary>Before any load: the server answers on the host and the client's credentials work.</summary>
    public async Task<string> FetchTokenAsync(string basic, CancellationToken cancellationToken)
    {
        using var request = Form("oauth/token", basic, "grant_type=client_credentials"u8.ToArray());
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchmarkException($"POST /oauth/token answered {(int)response.StatusCode}: {Truncate(body)}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } value
            ? value
            : throw new BenchmarkException($"POST /oauth/token answered without an access_token: {Truncate(body)}");
    }

    public async Task CheckAsync(Func<CancellationToken, Task<string?>> request, string what, CancellationToken cancellationToken)
    {
        if (await request(cancellationToken) is { } error)
        {
            throw new BenchmarkException($"{what} failed before the load started: {error}");
        }
    }

    private Func<CancellationToken, Task<string?>> Post(string path, string basic, byte[] body, Func<byte[], bool>? accept) => async cancellationToken =>
    {
        using var request = Form(path, basic, body);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return await Describe(response, cancellationToken);
        }

        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return accept is null || accept(content) ? null : $"unexpected answer: {Truncate(Encoding.UTF8.GetString(content))}";
    };

    private static HttpRequestMessage Form(string path, string basic, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        return request;
    }

    private static async Task<string> Describe(HttpResponseMessage response, CancellationToken cancellationToken) =>
        $"{(int)response.StatusCode} {Truncate(await response.Content.ReadAsStringAsync(cancellationToken))}";

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex InputValue();

    private static HttpClient Create(BenchOptions options)
    {
        var endPoint = options.ServerEndPoint;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(options.Concurrency, options.SignInConcurrency),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(endPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://{options.Host}:{options.Server.Port}/"),
            Timeout = LoadGenerator.RequestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
        };
    }
}

/// <summary>One worker's sign-in: the antiforgery cookie and token of its GET /sign-in, and its own user.</summary>
internal sealed record SignInForm(string Cookie, string Token, string Email);

/// <summary>The harness itself could not do its job (as opposed to a target not being met).</summary>
internal sealed class BenchmarkException(string message) : Exception(message);
