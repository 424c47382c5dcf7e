using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// Bad authorization requests (RFC 6749 §4.1.2.1, RFC 7636 §4.4.1, OIDC Core §3.1.2.6): a bad client or
/// redirect URI gets a page and never a redirect; anything else goes back to the client with the named
/// error, the state and the issuer. Validation only, so SQLite alone.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class AuthorizationRequestErrorTests(Apps apps)
{
    [Theory]
    [InlineData("https://app.example/callback/")]
    [InlineData("https://APP.example/callback")]
    [InlineData("https://app.example/Callback")]
    [InlineData("https://app.example/callback?extra=1")]
    [InlineData("https://app.example:8443/callback")]
    [InlineData("http://app.example/callback")]
    [InlineData("https://app.example/callback#fragment")]
    [InlineData("https://evil.example/callback")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_redirect_uri_that_is_not_exactly_a_registered_one_gets_an_error_page_and_no_redirect(string? redirectUri)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        // Even with other errors in the request: the redirect URI is checked first, so nothing goes to it.
        CodeFlow.AssertErrorPage(await flow.Http.GetAsync(flow.AuthorizeUrl(("redirect_uri", redirectUri))));
        CodeFlow.AssertErrorPage(await flow.Http.GetAsync(flow.AuthorizeUrl(("redirect_uri", redirectUri), ("response_type", "token"))));
    }

    [Theory]
    [InlineData("no-such-client")]
    [InlineData("")]
    [InlineData(null)]
    public async Task An_unknown_or_missing_client_gets_an_error_page(string? clientId)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        CodeFlow.AssertErrorPage(await flow.Http.GetAsync(flow.AuthorizeUrl(("client_id", clientId))));
    }

    [Fact]
    public async Task A_client_of_another_environment_is_unknown_here()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var production = await CodeFlow.StartAsync(app, host: "demo-production.localhost");
        var flow = await CodeFlow.StartAsync(app);

        CodeFlow.AssertErrorPage(await flow.Http.GetAsync(flow.AuthorizeUrl(("client_id", production.ClientId))));
    }

    [Theory]
    [InlineData("plain", "CHALLENGE")]
    [InlineData(null, "CHALLENGE")]
    [InlineData("S256", null)]
    [InlineData(null, null)]
    [InlineData("s256", "CHALLENGE")]
    [InlineData("S256", "too-short")]
    public async Task A_pkce_downgrade_or_a_missing_challenge_is_invalid_request_at_the_client(string? method, string? challenge)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await flow.Http.GetAsync(flow.AuthorizeUrl(
            ("code_challenge_method", method), ("code_challenge", challenge == "CHALLENGE" ? CodeFlow.Challenge : challenge)));

        CodeFlow.ErrorCallback(response, "invalid_request");
    }

    [Theory]
    [InlineData("token", "unsupported_response_type")]
    [InlineData("id_token", "unsupported_response_type")]
    [InlineData("code id_token", "unsupported_response_type")]
    [InlineData(null, "invalid_request")]
    public async Task A_response_type_other_than_code_is_refused_by_name(string? responseType, string error)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("response_type", responseType))), error);
    }

    [Theory]
    [InlineData("scope")]
    [InlineData("response_type")]
    [InlineData("code_challenge")]
    [InlineData("nonce")]
    public async Task A_repeated_parameter_is_invalid_request(string name)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        var value = name switch { "scope" => "openid", "response_type" => "code", "code_challenge" => CodeFlow.Challenge, _ => "again" };

        var response = await flow.Http.GetAsync(flow.AuthorizeUrl() + $"&{name}={Uri.EscapeDataString(value)}");

        CodeFlow.ErrorCallback(response, "invalid_request");
    }

    [Theory]
    [InlineData("openid admin")]
    [InlineData("openid paylent:manage")]
    [InlineData("paylent:manage")]
    [InlineData("")]
    public async Task A_scope_the_client_may_not_request_is_invalid_scope(string scope)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("scope", scope))), "invalid_scope");
    }

    [Theory]
    [InlineData("request", "eyJhbGciOiJub25lIn0.e30.", "request_not_supported")]
    [InlineData("request_uri", "https://app.example/request.jwt", "request_uri_not_supported")]
    [InlineData("registration", "{}", "registration_not_supported")]
    [InlineData("response_mode", "fragment", "invalid_request")]
    [InlineData("prompt", "none login", "invalid_request")]
    [InlineData("prompt", "sometimes", "invalid_request")]
    [InlineData("max_age", "-1", "invalid_request")]
    [InlineData("max_age", "soon", "invalid_request")]
    public async Task Unsupported_or_malformed_parameters_get_the_error_the_specification_names(string name, string value, string error)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl((name, value))), error);
    }

    [Fact]
    public async Task An_error_echoes_the_state_exactly_and_a_post_request_is_read_like_a_get()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        const string state = "a state with spaces, ümlauts & symbols =?/+";

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("state", state), ("code_challenge_method", "plain"))), "invalid_request", state);

        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(flow.AuthorizeUrl(("state", state), ("response_type", "token")).Split('?', 2)[1]);
        var posted = await flow.Http.PostFormAsync("/oauth/authorize", form.Select(f => KeyValuePair.Create(f.Key, f.Value.ToString())));
        CodeFlow.ErrorCallback(posted, "unsupported_response_type", state);
    }

    [Fact]
    public async Task A_state_refused_as_too_long_still_comes_back_with_the_refusal()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        var state = new string('s', Paylent.Application.OAuth.Authorization.AuthorizationRequestReader.MaxStateLength + 1);

        // RFC 6749 §4.1.2.1: state is REQUIRED in the error when the request carried one.
        var query = CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("state", state))), "invalid_request", state);

        Assert.Contains("state", query["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_state_the_error_carries_none()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        var query = CodeFlow.Callback(await flow.Http.GetAsync(flow.AuthorizeUrl(("state", null), ("scope", "paylent:manage"))));

        Assert.Equal("invalid_scope", query["error"]);
        Assert.False(query.ContainsKey("state"));
        Assert.Equal("http://demo-test.localhost", query["iss"]);
    }

    [Fact]
    public async Task No_bad_input_gets_a_server_error()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        string[] queries =
        [
            "?client_id=%00", "?client_id=" + new string('a', 5000), "?redirect_uri=%ZZ", "?" + string.Join('&', Enumerable.Repeat("scope=openid", 200)),
            flow.AuthorizeUrl(("state", new string('s', 5000))).Split('?')[1], flow.AuthorizeUrl(("login_hint", new string('h', 5000))).Split('?')[1],
            flow.AuthorizeUrl(("id_token_hint", "not.a.jwt")).Split('?')[1], flow.AuthorizeUrl(("max_age", "99999999999999999999")).Split('?')[1],
        ];

        foreach (var query in queries)
        {
            var response = await flow.Http.GetAsync("/oauth/authorize" + (query.StartsWith('?') ? query : "?" + query));
            Assert.True((int)response.StatusCode < 500, $"{response.StatusCode} for {query[..Math.Min(80, query.Length)]}");
        }
    }
}
