using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Paylent.Domain.OAuth;
using Paylent.IntegrationTests.OAuth;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

/// <summary>A management API caller holding a paylent:manage token of one environment.</summary>
public sealed class ApiClient(HttpClient http)
{
    public const string MediaType = "application/vnd.api+json";

    public HttpClient Http { get; } = http;

    public static async Task<ApiClient> ForAsync(PaylentApp app, string environment = "test")
    {
        var http = app.Client($"demo-{environment}.localhost");
        var token = await http.AccessTokenAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(http);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = MediaType)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object document) => SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(document));

    public Task<HttpResponseMessage> PatchAsync(string path, object? document = null) =>
        SendAsync(HttpMethod.Patch, path, document is null ? null : JsonSerializer.Serialize(document));

    public static object Resource(string type, object attributes) => new { data = new { type, attributes } };
}
