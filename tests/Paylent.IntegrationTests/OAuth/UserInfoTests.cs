using System.Net;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>The userinfo endpoint as an RFC 6750 protected resource (OIDC Core §5.3): bearer errors in <c>WWW-Authenticate</c>.</summary>
[Collection(AppsCollection.Name)]
public sealed class UserInfoTests(Apps apps)
{
    [Fact]
    public async Task Without_a_token_it_is_401_with_a_bare_bearer_challenge_and_no_error_body()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await flow.UserInfoAsync(null);

        // RFC 6750 §3.1: a request without authentication gets no error code, in the header or the body.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"paylent\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Basic YWRhOnNlY3JldA==")]
    [InlineData("DPoP eyJhbGciOiJSUzI1NiJ9.e30.c2ln")]
    [InlineData("Bearerish abc")]
    public async Task Another_authentication_scheme_is_no_bearer_token_and_gets_the_bare_challenge(string authorization)
    {
        var response = await UserInfoWithAuthorizationAsync(authorization);

        // RFC 6750 §3.1: a client that "attempted using an unsupported authentication method" sent no
        // bearer credentials, so the answer names no error, in the header or the body.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"paylent\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    public async Task A_bearer_header_without_a_token_is_400_invalid_request(string authorization)
    {
        var response = await UserInfoWithAuthorizationAsync(authorization);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error=\"invalid_request\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task A_bad_token_is_401_invalid_token(string token)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));

        var response = await flow.UserInfoAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("Bearer realm=\"paylent\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_credentials_token_without_openid_is_403_insufficient_scope()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var machine = await app.CreateClientAsync();
        var flow = await CodeFlow.StartAsync(app);
        var token = await flow.Http.AccessTokenAsync(machine.Client.ClientId, machine.ClientSecret!);

        var response = await flow.UserInfoAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_post_with_the_token_in_the_form_works_and_claims_follow_the_scopes(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider), format: TokenFormat.Opaque);
        var (email, tokens) = await flow.TokensForNewUserAsync(("scope", "openid email"));

        var response = await flow.Http.PostFormAsync("/oauth/userinfo", [new("access_token", tokens.GetProperty("access_token").GetString()!)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = await response.JsonAsync();
        Assert.Equal(email, claims.GetProperty("email").GetString());
        Assert.False(claims.TryGetProperty("name", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_of_another_environment_is_refused_at_userinfo_and_inactive_at_introspection(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var production = await CodeFlow.StartAsync(app, host: "demo-production.localhost");
        var user = await app.CreateUserAsync(environment: "production");
        var code = await production.SignInForCodeAsync(user.Email);
        var tokens = await (await production.RedeemAsync(code)).JsonAsync();
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await production.UserInfoAsync(accessToken, "demo-production.localhost")).StatusCode);
        var test = await CodeFlow.StartAsync(app);

        var response = await test.UserInfoAsync(accessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.False(await test.IsActiveAsync(accessToken));
        Assert.False(await test.IsActiveAsync(tokens.GetProperty("refresh_token").GetString()!));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await test.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_in_the_query_is_not_read_and_a_token_sent_twice_is_invalid_request(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider));
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var accessToken = tokens.GetProperty("access_token").GetString()!;

        var inQuery = await flow.Http.GetAsync($"/oauth/userinfo?access_token={accessToken}");
        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal("Bearer realm=\"paylent\"", inQuery.Headers.WwwAuthenticate.ToString());

        using var twice = new HttpRequestMessage(HttpMethod.Post, "/oauth/userinfo") { Content = new FormUrlEncodedContent([new("access_token", accessToken)]) };
        twice.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        var response = await flow.Http.SendAsync(twice);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error=\"invalid_request\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_post_with_the_bearer_header_and_a_form_body_works(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider));
        var (email, tokens) = await flow.TokensForNewUserAsync();

        // A client library's POST: the token in the header (RFC 6750 §2.1), a form body beside it. The
        // header is the bearer token here, not client authentication as at the token endpoint.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/userinfo") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        var response = await flow.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(email, (await response.JsonAsync()).GetProperty("email").GetString());
    }

    private async Task<HttpResponseMessage> UserInfoWithAuthorizationAsync(string authorization)
    {
        var http = (await apps.On(DatabaseProvider.Sqlite)).Client("demo-test.localhost");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth/userinfo");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await http.SendAsync(request);
    }
}
