using System.Net;
using System.Net.Http.Headers;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>The authorization code flow end to end: sign-in, consent, code, tokens, userinfo, refresh and logout.</summary>
[Collection(AppsCollection.Name)]
public sealed class AuthorizationCodeFlowTests(Apps apps)
{

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_signed_out_user_signs_in_consents_and_the_client_gets_tokens_userinfo_and_refreshes(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider), firstParty: false);
        var (email, tokens) = await flow.TokensForNewUserAsync();

        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal("openid profile email offline_access", tokens.GetProperty("scope").GetString());
        var idToken = Jose.Decode(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("JWT", idToken.Header.GetProperty("typ").GetString());
        Assert.Equal("nonce-456", idToken.Payload.GetProperty("nonce").GetString());
        Assert.Equal(flow.ClientId, idToken.Payload.GetProperty("aud").GetString());
        Assert.Equal(email, idToken.Payload.GetProperty("email").GetString());
        Assert.Equal("Ada Lovelace", idToken.Payload.GetProperty("name").GetString());
        Assert.Equal("pwd", idToken.Payload.GetProperty("amr")[0].GetString());
        var access = Jose.Decode(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(idToken.Payload.GetProperty("sid").GetString(), access.Payload.GetProperty("sid").GetString());

        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/oauth/userinfo");
        userInfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        var claims = await (await flow.Http.SendAsync(userInfo)).JsonAsync();
        Assert.Equal(email, claims.GetProperty("email").GetString());
        Assert.Equal(idToken.Payload.GetProperty("sub").GetString(), claims.GetProperty("sub").GetString());

        var refreshed = await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!, "openid email");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = await refreshed.JsonAsync();
        Assert.Equal("openid email", next.GetProperty("scope").GetString());
        Assert.NotEqual(tokens.GetProperty("refresh_token").GetString(), next.GetProperty("refresh_token").GetString());
        Assert.False(Jose.Decode(next.GetProperty("id_token").GetString()!).Payload.TryGetProperty("nonce", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Logout_with_an_id_token_hint_ends_the_session_and_every_token_of_it(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider));
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var accessToken = tokens.GetProperty("access_token").GetString()!;

        var logout = await flow.Http.GetAsync(
            $"/oauth/logout?id_token_hint={tokens.GetProperty("id_token").GetString()}&post_logout_redirect_uri={Uri.EscapeDataString(CodeFlow.PostLogoutRedirectUri)}&state=bye");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(CodeFlow.PostLogoutRedirectUri + "?state=bye", logout.Headers.Location?.OriginalString);
        Assert.False(await flow.IsActiveAsync(accessToken));
        var refresh = await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal("invalid_grant", (await refresh.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_sign_in_page_lets_its_form_lead_to_a_registered_redirect_origin_only()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        var signIn = await flow.Http.GetAsync(flow.AuthorizeUrl());
        var page = await flow.Http.GetAsync(signIn.Headers.Location);
        Assert.Contains("form-action 'self' https://app.example;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var forged = await flow.Http.GetAsync("/sign-in?returnUrl=" + Uri.EscapeDataString(flow.AuthorizeUrl(("redirect_uri", "https://evil.example/cb"))));
        Assert.Contains("form-action 'self';", forged.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_sign_in_return_address_without_signing_in_again_does_not_satisfy_prompt_login()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        var user = await flow.App.CreateUserAsync();
        await flow.SignInForCodeAsync(user.Email);

        var signIn = await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "login")));
        var signInUrl = signIn.Headers.Location!.OriginalString;
        var returnUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(signInUrl[signInUrl.IndexOf('?', StringComparison.Ordinal)..])["returnUrl"].ToString();
        Assert.DoesNotContain("prompt=login", returnUrl, StringComparison.Ordinal);

        // The still signed-in browser goes straight to the return address: sign-in is asked again.
        var skipped = await flow.Http.GetAsync(returnUrl);
        Assert.StartsWith("/sign-in?", skipped.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // Signing in again satisfies it.
        Assert.NotEmpty(await flow.CodeFromAsync(await flow.Browser.SubmitAsync(signInUrl, ("Email", user.Email), ("Password", Identity.Password))));
    }
}
