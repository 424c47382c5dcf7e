using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>OIDC RP-Initiated Logout 1.0: confirmation without proof of who asks, registered redirect URIs only.</summary>
[Collection(AppsCollection.Name)]
public sealed class LogoutTests(Apps apps)
{
    private static readonly string PostLogout = Uri.EscapeDataString(CodeFlow.PostLogoutRedirectUri);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_an_id_token_hint_a_signed_in_user_confirms_first_and_the_confirmation_signs_out_and_redirects_with_state(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider));
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var url = $"/oauth/logout?client_id={flow.ClientId}&post_logout_redirect_uri={PostLogout}&state=bye%20now";

        var confirm = await flow.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Null(confirm.Headers.Location);
        Assert.True(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!));
        Assert.Equal(HttpStatusCode.OK, (await flow.Browser.AccountAsync()).StatusCode);

        var signedOut = await flow.Browser.SubmitAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(CodeFlow.PostLogoutRedirectUri + "?state=bye%20now", signedOut.Headers.Location?.OriginalString);
        await flow.Browser.AssertSignedOutAsync();
        Assert.False(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)));
    }

    [Theory]
    [InlineData("https://app.example/signed-out/")]
    [InlineData("https://app.example/callback")]
    [InlineData("https://evil.example/signed-out")]
    [InlineData("https://app.example/signed-out?x=1")]
    public async Task An_unregistered_post_logout_redirect_uri_gets_an_error_page_and_signs_no_one_out(string redirectUri)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        var (_, tokens) = await flow.TokensForNewUserAsync();

        var withHint = await flow.Http.GetAsync(
            $"/oauth/logout?id_token_hint={tokens.GetProperty("id_token").GetString()}&post_logout_redirect_uri={Uri.EscapeDataString(redirectUri)}&state=x");
        var withClientId = await flow.Http.GetAsync($"/oauth/logout?client_id={flow.ClientId}&post_logout_redirect_uri={Uri.EscapeDataString(redirectUri)}");

        CodeFlow.AssertErrorPage(withHint);
        CodeFlow.AssertErrorPage(withClientId);
        Assert.Equal(HttpStatusCode.OK, (await flow.Browser.AccountAsync()).StatusCode);
        Assert.True(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!));
    }

    [Theory]
    [InlineData("state")]
    [InlineData("post_logout_redirect_uri")]
    public async Task An_oversized_state_or_redirect_uri_gets_an_error_page_and_signs_no_one_out(string parameter)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        var (_, tokens) = await flow.TokensForNewUserAsync();

        var logout = await flow.Http.GetAsync(
            $"/oauth/logout?id_token_hint={tokens.GetProperty("id_token").GetString()}&client_id={flow.ClientId}&{parameter}={new string('a', 2100)}");

        CodeFlow.AssertErrorPage(logout);
        Assert.Equal(HttpStatusCode.OK, (await flow.Browser.AccountAsync()).StatusCode);
    }

    [Fact]
    public async Task An_id_token_hint_of_another_environment_gets_an_error_page()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var production = await CodeFlow.StartAsync(app, host: "demo-production.localhost");
        var user = await app.CreateUserAsync(environment: "production");
        var tokens = await (await production.RedeemAsync(await production.SignInForCodeAsync(user.Email))).JsonAsync();
        var flow = await CodeFlow.StartAsync(app);
        await flow.TokensForNewUserAsync();

        var response = await flow.Http.GetAsync($"/oauth/logout?id_token_hint={tokens.GetProperty("id_token").GetString()}&post_logout_redirect_uri={PostLogout}");

        CodeFlow.AssertErrorPage(response);
        Assert.Equal(HttpStatusCode.OK, (await flow.Browser.AccountAsync()).StatusCode);
    }

    [Fact]
    public async Task A_hint_naming_two_clients_or_an_unknown_client_gets_an_error_page()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var other = await CodeFlow.StartAsync(app);
        var (_, tokens) = await flow.TokensForNewUserAsync();

        CodeFlow.AssertErrorPage(await flow.Http.GetAsync(
            $"/oauth/logout?id_token_hint={tokens.GetProperty("id_token").GetString()}&client_id={other.ClientId}&post_logout_redirect_uri={PostLogout}"));
        CodeFlow.AssertErrorPage(await flow.Http.GetAsync($"/oauth/logout?client_id=nobody&post_logout_redirect_uri={PostLogout}"));
        CodeFlow.AssertErrorPage(await flow.Http.GetAsync("/oauth/logout?id_token_hint=not.a.token"));
    }

    [Fact]
    public async Task An_expired_id_token_hint_of_the_signed_in_user_still_signs_out_without_asking()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null, clock);
        var flow = await CodeFlow.StartAsync(app);
        var (_, tokens) = await flow.TokensForNewUserAsync();

        // RP-Initiated Logout §2: the hint is accepted past its expiry.
        clock.Advance(TimeSpan.FromHours(2));
        var logout = await flow.Http.GetAsync($"/oauth/logout?id_token_hint={tokens.GetProperty("id_token").GetString()}&post_logout_redirect_uri={PostLogout}&state=s");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(CodeFlow.PostLogoutRedirectUri + "?state=s", logout.Headers.Location?.OriginalString);
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)));
    }

    [Fact]
    public async Task An_id_token_hint_of_another_user_asks_before_signing_out()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var (_, otherTokens) = await (await CodeFlow.StartAsync(app)).TokensForNewUserAsync();
        await flow.TokensForNewUserAsync();

        var response = await flow.Http.GetAsync($"/oauth/logout?id_token_hint={otherTokens.GetProperty("id_token").GetString()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await flow.Browser.AccountAsync()).StatusCode);
    }

    /// <summary>
    /// The confirmation left open until its antiforgery token no longer holds: the form-expired page links
    /// to the same logout request (the confirmation only takes posts), which asks again and then signs out.
    /// </summary>
    [Fact]
    public async Task A_stale_confirmation_links_to_the_same_logout_request_which_still_signs_out_and_redirects_with_state()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        await flow.TokensForNewUserAsync();
        var url = $"/oauth/logout?client_id={flow.ClientId}&post_logout_redirect_uri={PostLogout}&state=bye%20now";
        var form = FormPost.Read(await flow.Browser.PageAsync(url)).Set("__RequestVerificationToken", "stale");

        var expired = await form.SendAsync(flow.Http);

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await flow.Browser.AccountAsync()).StatusCode);
        var again = (await Html.ParseAsync(expired)).QuerySelector("[data-testid=page-again]")!.GetAttribute("href")!;
        Assert.StartsWith("/oauth/logout?", again, StringComparison.Ordinal);
        var signedOut = await flow.Browser.SubmitAsync(again);
        Assert.Equal(CodeFlow.PostLogoutRedirectUri + "?state=bye%20now", signedOut.Headers.Location?.OriginalString);
        await flow.Browser.AssertSignedOutAsync();
    }

    [Fact]
    public async Task The_confirmation_post_without_its_antiforgery_token_signs_no_one_out()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        await flow.TokensForNewUserAsync();

        var forged = await flow.Http.PostAsync("/oauth/logout/confirm", new FormUrlEncodedContent([new("client_id", flow.ClientId)]));

        Assert.NotEqual(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.True((int)forged.StatusCode < 500);
        Assert.Equal(HttpStatusCode.OK, (await flow.Browser.AccountAsync()).StatusCode);
    }
}
