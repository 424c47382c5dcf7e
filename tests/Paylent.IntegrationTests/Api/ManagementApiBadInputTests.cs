using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;

namespace Paylent.IntegrationTests.Api;

/// <summary>Malformed documents, parameters and media types: the right JSON:API error, never a 5xx.</summary>
[Collection(AppsCollection.Name)]
public sealed class ManagementApiBadInputTests(Apps apps)
{
    public static TheoryData<string, int, string?> BadDocuments => new()
    {
        // body, status, pointer
        { "not json", 400, null },
        { "[]", 400, "/data" },
        { "{}", 400, "/data" },
        { "{\"data\": []}", 400, "/data" },
        { "{\"data\": {\"type\": \"user\", \"attributes\": {}}}", 409, "/data/type" },
        { "{\"data\": {\"attributes\": {\"name\": \"x\"}}}", 409, "/data/type" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": []}}", 400, "/data/attributes" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": 5}}}", 422, "/data/attributes/name" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"redirect_uri\": \"https://a.example\"}}}", 422, "/data/attributes/redirect_uri" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"grant_types\": \"client_credentials\"}}}", 422, "/data/attributes/grant_types" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"grant_types\": [1]}}}", 422, "/data/attributes/grant_types" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"access_token_lifetime\": 1.5}}}", 422, "/data/attributes/access_token_lifetime" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"access_token_lifetime\": 99999999999}}}", 422, "/data/attributes/access_token_lifetime" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"access_token_lifetime\": 5}}}", 422, "/data/attributes/access_token_lifetime" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"require_pkce\": \"yes\"}}}", 422, "/data/attributes/require_pkce" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"token_format\": \"saml\"}}}", 422, "/data/attributes/token_format" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"client_type\": \"public\", \"grant_types\": [\"client_credentials\"]}}}", 422, "/data/attributes/grant_types" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"\"}}}", 422, "/data/attributes/name" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"grant_types\": [\"authorization_code\"]}}}", 422, "/data/attributes/redirect_uris" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"grant_types\": [\"authorization_code\"], \"redirect_uris\": [\"https://a.example/cb#frag\"]}}}", 422, "/data/attributes/redirect_uris" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"allowed_scopes\": [\"has space\"]}}}", 422, "/data/attributes/allowed_scopes" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"default_audience\": \"relative/path\"}}}", 422, "/data/attributes/default_audience" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"allowed_resources\": [\"relative/path\"]}}}", 422, "/data/attributes/allowed_resources" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"x\", \"allowed_resources\": \"https://api.example/\"}}}", 422, "/data/attributes/allowed_resources" },
        { "{\"data\": {\"type\": \"oauth_client\", \"attributes\": {\"name\": \"" + new string('n', 500) + "\"}}}", 422, "/data/attributes/name" },
        { new string('[', 100) + new string(']', 100), 400, null },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public async Task Bad_documents_get_a_json_api_error_pointing_at_the_fault(string body, int status, string? pointer)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await api.SendAsync(HttpMethod.Post, "/api/oauth-clients", body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(ApiClient.MediaType, response.Content.Headers.ContentType?.MediaType);
        var error = (await response.JsonAsync()).GetProperty("errors")[0];
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("detail").GetString()));
        if (pointer is not null)
        {
            Assert.Equal(pointer, error.GetProperty("source").GetProperty("pointer").GetString());
        }
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/vnd.api+json; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Other_media_types_are_415(string contentType)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await api.SendAsync(HttpMethod.Post, "/api/oauth-clients", "{\"data\":{\"type\":\"oauth_client\",\"attributes\":{\"name\":\"x\"}}}", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_accept_header_with_only_parameterised_json_api_is_406()
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/oauth-clients");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.api+json; version=2");

        var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/oauth-clients?page[number]=abc", 400, "page[number]")]
    [InlineData("/api/oauth-clients?page[size]=-1", 400, "page[size]")]
    [InlineData("/api/oauth-clients?page[size]=1000", 422, "page[size]")]
    [InlineData("/api/oauth-clients?page[number]=1&page[number]=2", 400, "page[number]")]
    [InlineData("/api/audit-events?filter[since]=yesterday", 400, "filter[since]")]
    [InlineData("/api/audit-events?filter[action]=a&filter[action]=b", 400, "filter[action]")]
    public async Task Bad_parameters_name_the_parameter(string path, int status, string parameter)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await api.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(parameter, (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("source").GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/oauth-clients/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("PATCH", "/api/oauth-clients/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("DELETE", "/api/oauth-clients/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("GET", "/api/oauth-clients/xyz", 404)]
    [InlineData("GET", "/api/nothing-here", 404)]
    [InlineData("PUT", "/api/oauth-clients", 405)]
    public async Task Unknown_resources_and_methods_are_4xx(string method, string path, int status)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await api.SendAsync(new HttpMethod(method), path, method == "PATCH" ? "{\"data\":{\"type\":\"oauth_client\",\"attributes\":{}}}" : null);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_document_is_413()
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await api.SendAsync(HttpMethod.Post, "/api/oauth-clients",
            "{\"data\":{\"type\":\"oauth_client\",\"attributes\":{\"name\":\"" + new string('n', 300_000) + "\"}}}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
