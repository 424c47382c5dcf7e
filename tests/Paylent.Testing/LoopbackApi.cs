using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Paylent.Testing;

/// <summary>
/// The management API of one environment over real HTTP, as an operator's script would use it: a
/// <c>paylent:manage</c> token of the management client, then JSON:API documents.
/// </summary>
public sealed class LoopbackApi : IDisposable
{
    public const string MediaType = "application/vnd.api+json";
    public const string ManagementClientId = "paylent-management";

    private LoopbackApi(Uri issuer, HttpClient http)
    {
        Issuer = issuer;
        Http = http;
    }

    /// <summary>The environment's issuer, e.g. <c>http://demo-test.localhost:5123</c> (no trailing slash).</summary>
    public Uri Issuer { get; }

    public HttpClient Http { get; }

    public static async Task<LoopbackApi> ConnectAsync(PaylentApp app, string environment = "test")
    {
        var issuer = new Uri(app.Url($"demo-{environment}.localhost").GetLeftPart(UriPartial.Authority));
        var http = Loopback.Client(issuer);
        var token = await TokenAsync(http, ManagementClientId, PaylentApp.ManagementSecret);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new LoopbackApi(issuer, http);
    }

    /// <summary>The issuer as it appears in tokens and discovery: scheme, host and port, no trailing slash.</summary>
    public string IssuerString => Issuer.GetLeftPart(UriPartial.Authority);

    /// <summary>A client_credentials access token from this environment's token endpoint.</summary>
    public async Task<string> ClientCredentialsTokenAsync(string clientId, string secret, string? scope = null)
    {
        using var http = Loopback.Client(Issuer);
        return await TokenAsync(http, clientId, secret, scope);
    }

    /// <summary>Creates an OAuth client; returns the resource's attributes with <c>client_id</c>, <c>client_secret</c> and the resource id as <c>id</c>.</summary>
    public async Task<CreatedResource> CreateAsync(string path, string type, IReadOnlyDictionary<string, object?> attributes)
    {
        using var response = await SendAsync(HttpMethod.Post, path, new { data = new { type, attributes } });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body}");
        }

        var data = JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
        return new CreatedResource(data.GetProperty("id").GetString()!, data.GetProperty("attributes"));
    }

    /// <summary>A user who can sign in on the hosted pages with the given password.</summary>
    public Task<CreatedResource> CreateUserAsync(string email, string password, string givenName = "Ada", string familyName = "Lovelace") =>
        CreateAsync("/api/users", "user", new Dictionary<string, object?>
        {
            ["email"] = email,
            ["given_name"] = givenName,
            ["family_name"] = familyName,
            ["email_verified"] = true,
            ["password"] = password,
        });

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? document = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (document is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(document), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(MediaType);
        }

        return await Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();

    /// <summary>A client_credentials access token from the token endpoint <paramref name="http"/> reaches.</summary>
    public static async Task<string> TokenAsync(HttpClient http, string clientId, string secret, string? scope = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(scope is null
                ? [new("grant_type", "client_credentials")]
                : [new("grant_type", "client_credentials"), new("scope", scope)]),
        };

        // RFC 6749 §2.3.1: each part form-urlencoded, then joined and base64-encoded.
        var basic = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"client_credentials for {clientId}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }
}

/// <summary>A resource the management API created: its id and attributes (with write-once values such as a client secret).</summary>
public sealed record CreatedResource(string Id, JsonElement Attributes)
{
    public string Attribute(string name) => Attributes.GetProperty(name).GetString()!;
}
