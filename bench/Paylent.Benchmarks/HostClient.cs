using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
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
    private const string SessionCookieName = "paylent_session";

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

    /// <summary>
    /// One hosted session for a user, as a browser gets it: GET /sign-in, POST /sign-in, and the
    /// session cookie of the redirect (<c>paylent_session</c> on http), as a <c>Cookie</c> header value.
    /// </summary>
    public async Task<string> SignInSessionAsync(string email, string password, CancellationToken cancellationToken)
    {
        var form = await FetchSignInFormAsync(email, cancellationToken)
            ?? throw new BenchmarkException("The server has no hosted sign-in page (GET /sign-in is 404).");
        using var request = new HttpRequestMessage(HttpMethod.Post, "sign-in")
        {
            Content = new FormUrlEncodedContent([new("email", email), new("password", password), new("__RequestVerificationToken", form.Token)]),
        };
        request.Headers.Add("Cookie", form.Cookie);
        using var response = await _http.SendAsync(request, cancellationToken);
        var session = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).FirstOrDefault(c => c.Split('=')[0].EndsWith(SessionCookieName, StringComparison.Ordinal))
            : null;
        return response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther && session is not null
            ? session
            : throw new BenchmarkException($"Signing in {email} gave no session: {await Describe(response, cancellationToken)}");
    }

    /// <summary>
    /// The authorization code flow with an existing session, as a relying party and its user's browser
    /// run it: GET /oauth/authorize (first-party client: the answer is the redirect with the code), then
    /// POST /oauth/token with the code and the PKCE verifier. One load request is the whole flow. Each
    /// takes a session from the pool and gives it back, so every session has one flow at a time.
    /// </summary>
    public Func<CancellationToken, Task<string?>> CodeFlowRequest(CodeFlowClient client, IReadOnlyCollection<string> sessions)
    {
        var pool = new ConcurrentBag<string>(sessions);
        return async cancellationToken =>
        {
            if (!pool.TryTake(out var session))
            {
                return "more concurrent flows than sessions";
            }

            try
            {
                return (await CodeFlowAsync(client, session, cancellationToken)).Error;
            }
            finally
            {
                pool.Add(session);
            }
        };
    }

    /// <summary>
    /// Refresh-token rotation: each chain (one session, one token family) always sends its newest
    /// refresh token and keeps the one the answer rotates to. A chain whose last refresh failed or was
    /// cut short may hold a spent token, which the server would rightly treat as reuse; it starts a new
    /// family with a code flow instead (counted as that load request).
    /// </summary>
    public Func<CancellationToken, Task<string?>> RefreshRequest(CodeFlowClient client, IReadOnlyCollection<RefreshChain> chains)
    {
        var pool = new ConcurrentBag<RefreshChain>(chains);
        return async cancellationToken =>
        {
            if (!pool.TryTake(out var chain))
            {
                return "more concurrent refreshes than chains";
            }

            var current = chain.RefreshToken;
            chain.RefreshToken = null;
            try
            {
                var (error, next) = current is null
                    ? await CodeFlowAsync(client, chain.Session, cancellationToken)
                    : await TokensAsync(client, "grant_type=refresh_token&refresh_token=" + Uri.EscapeDataString(current), cancellationToken);
                chain.RefreshToken = next;
                return error;
            }
            finally
            {
                pool.Add(chain);
            }
        };
    }

    /// <summary>A chain's first refresh token, from a code flow.</summary>
    public async Task<RefreshChain> StartRefreshChainAsync(CodeFlowClient client, string session, CancellationToken cancellationToken)
    {
        var (error, refreshToken) = await CodeFlowAsync(client, session, cancellationToken);
        return error is null && refreshToken is not null
            ? new RefreshChain(session) { RefreshToken = refreshToken }
            : throw new BenchmarkException($"The code flow failed before the load started: {error}");
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

    /// <summary>
    /// Before a peer's load: its token is an RS256 JWS whose signature checks with a key of its JWKS
    /// (<c>/.well-known/jwks.json</c>) of the given size, so it does the same signing work as Paylent.
    /// </summary>
    public async Task CheckRs256JwtAsync(string token, int modulusBits, CancellationToken cancellationToken)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new BenchmarkException("The peer's access token is not a JWS.");
        }

        using var header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            throw new BenchmarkException($"The peer's access token is not RS256: {header.RootElement}");
        }

        var kid = header.RootElement.TryGetProperty("kid", out var k) ? k.GetString() : null;
        using var jwks = JsonDocument.Parse(await _http.GetStringAsync(".well-known/jwks.json", cancellationToken));
        var key = jwks.RootElement.GetProperty("keys").EnumerateArray()
            .FirstOrDefault(j => j.GetProperty("kty").GetString() == "RSA" && (kid is null || j.GetProperty("kid").GetString() == kid));
        if (key.ValueKind != JsonValueKind.Object)
        {
            throw new BenchmarkException($"The peer publishes no RSA key {kid}.");
        }

        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = System.Buffers.Text.Base64Url.DecodeFromChars(key.GetProperty("n").GetString()),
            Exponent = System.Buffers.Text.Base64Url.DecodeFromChars(key.GetProperty("e").GetString()),
        });
        if (rsa.KeySize != modulusBits
            || !rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            throw new BenchmarkException($"The peer's token is not signed with a {modulusBits}-bit key of its JWKS (key size {rsa.KeySize}).");
        }
    }

    public async Task CheckAsync(Func<CancellationToken, Task<string?>> request, string what, CancellationToken cancellationToken)
    {
        if (await request(cancellationToken) is { } error)
        {
            throw new BenchmarkException($"{what} failed before the load started: {error}");
        }
    }

    /// <summary>
    /// The authorization request of a code flow alone, as <see cref="CodeFlowRequest"/> sends it, its code
    /// never redeemed: what the first half of a flow costs, apart from the token request.
    /// </summary>
    public Func<CancellationToken, Task<string?>> AuthorizeRequest(CodeFlowClient client, IReadOnlyCollection<string> sessions)
    {
        var pool = new ConcurrentBag<string>(sessions);
        return async cancellationToken =>
        {
            if (!pool.TryTake(out var session))
            {
                return "more concurrent requests than sessions";
            }

            try
            {
                return (await AuthorizeAsync(client, session, cancellationToken)).Error;
            }
            finally
            {
                pool.Add(session);
            }
        };
    }

    /// <summary>A code flow: the error, or the refresh token it ended with.</summary>
    private async Task<(string? Error, string? RefreshToken)> CodeFlowAsync(CodeFlowClient client, string session, CancellationToken cancellationToken)
    {
        var (error, code) = await AuthorizeAsync(client, session, cancellationToken);
        if (code is null)
        {
            return (error, null);
        }

        return await TokensAsync(
            client,
            $"grant_type=authorization_code&code={Uri.EscapeDataString(code)}&redirect_uri={Uri.EscapeDataString(client.RedirectUri)}&code_verifier={CodeFlowClient.Verifier}",
            cancellationToken);
    }

    /// <summary>GET /oauth/authorize with the session's cookie: the error, or the code of the redirect it must answer.</summary>
    private async Task<(string? Error, string? Code)> AuthorizeAsync(CodeFlowClient client, string session, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, client.AuthorizePath);
        request.Headers.Add("Cookie", session);
        using var response = await _http.SendAsync(request, cancellationToken);
        var location = response.Headers.Location;
        if (response.StatusCode != HttpStatusCode.Found || location is not { IsAbsoluteUri: true }
            || !location.OriginalString.StartsWith(client.RedirectUri + "?", StringComparison.Ordinal)
            || QueryValue(location.Query, "code") is not { Length: > 0 } code)
        {
            // Only a failed answer is described, and a failed one carries no code.
            return ($"GET /oauth/authorize answered {(int)response.StatusCode} {location?.GetLeftPart(UriPartial.Path)}" +
                $"{(location is null ? "" : " error=" + QueryValue(location.Query, "error"))}", null);
        }

        return (null, code);
    }

    /// <summary>A token request of a user's grant: it must answer an access token, an ID token and a refresh token.</summary>
    private async Task<(string? Error, string? RefreshToken)> TokensAsync(CodeFlowClient client, string form, CancellationToken cancellationToken)
    {
        using var request = Form("oauth/token", client.Basic, Encoding.ASCII.GetBytes(form));
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ("POST /oauth/token answered " + await Describe(response, cancellationToken), null);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        var root = json.RootElement;
        return Has(root, "access_token") && Has(root, "id_token") && root.TryGetProperty("refresh_token", out var refresh) && refresh.GetString() is { Length: > 0 } next
            ? (null, next)
            : ("POST /oauth/token answered without an access token, ID token and refresh token", null);

        static bool Has(JsonElement root, string name) => root.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 };
    }

    private static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && pair.AsSpan(0, separator).SequenceEqual(name))
            {
                return Uri.UnescapeDataString(pair[(separator + 1)..].Replace('+', ' '));
            }
        }

        return null;
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

/// <summary>
/// The code-flow client (first party, confidential, JWT; <see cref="BenchSetup"/> makes it) and the
/// authorization request every flow sends: scope <c>openid offline_access</c>, PKCE S256 of a fixed verifier.
/// </summary>
internal sealed class CodeFlowClient(string clientId, string secret)
{
    /// <summary>RFC 7636 §4.1: 43 to 128 unreserved characters. Fixed: every code has its own challenge check all the same.</summary>
    public const string Verifier = "paylent-bench-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    public string ClientId { get; } = clientId;

    public string Basic { get; } = HostClient.Basic(clientId, secret);

    public string RedirectUri => BenchSetup.RedirectUri;

    public string AuthorizePath { get; } = "oauth/authorize?response_type=code" +
        $"&client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(BenchSetup.RedirectUri)}" +
        $"&scope={Uri.EscapeDataString(BenchSetup.CodeFlowScope)}&state=bench-state&nonce=bench-nonce" +
        $"&code_challenge={Challenge()}&code_challenge_method=S256";

    private static string Challenge() =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>One session's refresh-token family: the newest refresh token, null when a new family is needed.</summary>
internal sealed class RefreshChain(string session)
{
    public string Session { get; } = session;

    public string? RefreshToken { get; set; }
}

/// <summary>One worker's sign-in: the antiforgery cookie and token of its GET /sign-in, and its own user.</summary>
internal sealed record SignInForm(string Cookie, string Token, string Email);

/// <summary>The harness itself could not do its job (as opposed to a target not being met).</summary>
internal sealed class BenchmarkException(string message) : Exception(message);
