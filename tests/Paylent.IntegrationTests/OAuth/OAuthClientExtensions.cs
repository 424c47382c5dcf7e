using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>Talks to the protocol endpoints the way a standard client library does.</summary>
public static class OAuthClientExtensions
{
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient http, string path, IEnumerable<KeyValuePair<string, string>> fields, (string Id, string Secret)? basic = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (basic is { } credentials)
        {
            // RFC 6749 §2.3.1: each part form-urlencoded, then joined and base64-encoded.
            var raw = $"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }

        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> ClientCredentialsAsync(this HttpClient http, string clientId, string secret, params (string Name, string Value)[] extra) =>
        http.PostFormAsync("/oauth/token", [new("grant_type", "client_credentials"), .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value))], (clientId, secret));

    public static async Task<string> AccessTokenAsync(this HttpClient http, string clientId, string secret, params (string Name, string Value)[] extra)
    {
        var response = await http.ClientCredentialsAsync(clientId, secret, extra);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<JsonElement> IntrospectAsync(this HttpClient http, string token, string clientId, string secret)
    {
        var response = await http.PostFormAsync("/oauth/introspect", [new("token", token)], (clientId, secret));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
