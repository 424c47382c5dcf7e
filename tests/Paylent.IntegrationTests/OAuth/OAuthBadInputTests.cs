using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.OAuth;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>A sweep of malformed protocol requests: each gets the error the RFCs name, never a 5xx.</summary>
[Collection(AppsCollection.Name)]
public sealed class OAuthBadInputTests(Apps apps)
{
    private const string Management = OAuthClient.ManagementClientId;

    public static TheoryData<string, string, string?> MalformedTokenRequests => new()
    {
        // body, expected error, basic credentials ("id:secret") or null
        { "", "invalid_request", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "grant_type=client_credentials&grant_type=client_credentials", "invalid_request", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "grant_type=client_credentials&scope=a&scope=b", "invalid_request", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "grant_type=password&username=a&password=b", "unsupported_grant_type", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "grant_type=urn:ietf:params:oauth:grant-type:device_code", "unsupported_grant_type", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "grant_type=client_credentials&scope=" + new string('s', 9000), "invalid_request", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "grant_type=client_credentials&scope=bad%22scope", "invalid_scope", $"{Management}:{PaylentApp.ManagementSecret}" },
        { $"grant_type=client_credentials&client_secret={PaylentApp.ManagementSecret}", "invalid_request", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "grant_type=client_credentials&client_id=other", "invalid_request", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "grant_type=client_credentials", "invalid_client", null },
        { "grant_type=client_credentials&client_id=&client_secret=", "invalid_client", null },
        { "grant_type=client_credentials&resource=not-a-uri", "invalid_target", $"{Management}:{PaylentApp.ManagementSecret}" },
        { "%%%=%%%", "invalid_request", $"{Management}:{PaylentApp.ManagementSecret}" },
    };

    [Theory]
    [MemberData(nameof(MalformedTokenRequests))]
    public async Task Malformed_token_requests_get_the_named_error(string body, string error, string? basic)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }

        var response = await app.Client("demo-test.localhost").SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 401);
        var json = await response.JsonAsync();
        Assert.Equal(error, json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error_description").GetString()));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    public static TheoryData<string, string?> BadAuthorizationHeaders => new()
    {
        { "Basic !!!not-base64!!!", "invalid_client" },
        { "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon")), "invalid_client" },
        { "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":secret")), "invalid_client" },
        { "Bearer abc", "invalid_client" },
        { "Basic", "invalid_client" },
    };

    [Theory]
    [MemberData(nameof(BadAuthorizationHeaders))]
    public async Task Malformed_client_authentication_is_invalid_client_with_401(string authorization, string? error)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await app.Client("demo-test.localhost").SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(error, (await response.JsonAsync()).GetProperty("error").GetString());
    }

    public static TheoryData<string, string, string> WrongShapes => new()
    {
        { "POST", "/oauth/token", "application/json" },
        { "POST", "/oauth/token", "text/plain" },
        { "POST", "/oauth/introspect", "application/json" },
        { "POST", "/oauth/revoke", "application/xml" },
        { "POST", "/oauth/token", "multipart/form-data; boundary=x" },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task Wrong_content_types_are_invalid_requests(string method, string path, string contentType)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{\"grant_type\":\"client_credentials\"}") };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await app.Client("demo-test.localhost").SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("GET", "/oauth/token", "POST")]
    [InlineData("PUT", "/oauth/introspect", "POST")]
    [InlineData("DELETE", "/oauth/revoke", "POST")]
    [InlineData("DELETE", "/oauth/userinfo", "GET, POST")]
    [InlineData("POST", "/.well-known/jwks.json", "GET, HEAD")]
    [InlineData("PUT", "/oauth/authorize", "GET, POST")]
    public async Task Wrong_methods_are_405_with_the_allowed_ones_in_the_protocols_format(string method, string path, string allowed)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client("demo-test.localhost").SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow.Order(StringComparer.Ordinal)));
        await AssertProtocolErrorAsync(response, "invalid_request");
    }

    [Theory]
    [InlineData("/oauth/tokens")]
    [InlineData("/oauth/device_authorization")]
    [InlineData("/.well-known/oauth-protected-resource")]
    public async Task Unknown_protocol_addresses_are_404_in_the_protocols_format(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client("demo-test.localhost").PostAsync(path, new FormUrlEncodedContent([new("grant_type", "client_credentials")]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertProtocolErrorAsync(response, "invalid_request");
    }

    [Fact]
    public async Task A_person_who_opens_a_protocol_address_in_a_browser_gets_a_page()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var request = new HttpRequestMessage(HttpMethod.Get, "/oauth/token");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        var response = await app.Client("demo-test.localhost").SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_failure_of_the_server_is_server_error_json_naming_the_request_and_nothing_else()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null,
            services => services.AddSingleton(DispatchProxy.Create<ITokenSigner, FailingTokenSigner>()));
        var http = app.Client("demo-test.localhost");

        var response = await http.GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await AssertProtocolErrorAsync(response, "server_error");
        var description = (await response.JsonAsync()).GetProperty("error_description").GetString()!;
        Assert.Contains("request id", description, StringComparison.Ordinal);
        Assert.DoesNotContain(FailingTokenSigner.Secret, description, StringComparison.Ordinal);

        // The endpoint names its format even for a client that would take a page: the exception handler keeps it.
        var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/jwks.json");
        request.Headers.Accept.ParseAdd("text/html, application/json");
        await AssertProtocolErrorAsync(await http.SendAsync(request), "server_error");
    }

    /// <summary>RFC 6749 §5.2: what an OAuth library parses, never cached (§5.1).</summary>
    internal static async Task AssertProtocolErrorAsync(HttpResponseMessage response, string error)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var body = await response.JsonAsync();
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
    }

    [Theory]
    [InlineData("/oauth/introspect", "")]
    [InlineData("/oauth/introspect", "token=a&token=b")]
    [InlineData("/oauth/revoke", "")]
    [InlineData("/oauth/revoke", "token=a&token=b")]
    public async Task Introspection_and_revocation_need_exactly_one_token(string path, string body)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Management}:{PaylentApp.ManagementSecret}")));

        var response = await app.Client("demo-test.localhost").SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_body_over_the_request_limit_is_refused_without_a_server_error()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Client("demo-test.localhost").PostFormAsync("/oauth/token",
            [new("grant_type", "client_credentials"), new("padding", new string('p', 3 * 1024 * 1024))], (Management, PaylentApp.ManagementSecret));

        Assert.InRange((int)response.StatusCode, 400, 499);
    }
}

/// <summary>A signer whose every call fails the way a bug would, with a message that must not leak.</summary>
public class FailingTokenSigner : DispatchProxy
{
    public const string Secret = "internal detail 7f3a";

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new InvalidOperationException(Secret);
}
