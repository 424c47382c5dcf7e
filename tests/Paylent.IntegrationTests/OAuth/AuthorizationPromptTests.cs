using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// OIDC Core §3.1.2.1 request parameters that steer the user interaction: <c>prompt</c>, <c>max_age</c>,
/// <c>login_hint</c>, <c>response_mode</c>, and the <c>state</c>/<c>nonce</c> round-trips.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class AuthorizationPromptTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task State_iss_and_nonce_come_back_unchanged(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        const string state = "st@te with spaces & ?=/+ ümlaut";
        const string nonce = "n-0S6_WzA2Mj";
        var user = await app.CreateUserAsync();
        await flow.Browser.SignInAsync(user.Email);

        var query = CodeFlow.Callback(await flow.Http.GetAsync(flow.AuthorizeUrl(("state", state), ("nonce", nonce))));

        Assert.Equal(state, query["state"]);
        Assert.Equal("http://demo-test.localhost", query["iss"]);
        var tokens = await (await flow.RedeemAsync(query["code"]!)).JsonAsync();
        Assert.Equal(nonce, Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("nonce").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prompt_none_without_a_session_is_login_required_for_the_signed_out_and_for_an_ended_session(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"))), "login_required");

        var user = await app.CreateUserAsync();
        await flow.SignInForCodeAsync(user.Email);
        await flow.Browser.SignOutAsync();
        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"))), "login_required");

        // A session ended elsewhere (the API) while the browser still holds its cookie.
        await flow.SignInForCodeAsync(user.Email);
        var api = await ApiClient.ForAsync(app);
        var sessions = await (await api.GetAsync($"/api/users/{user.Id}/sessions")).JsonAsync();
        foreach (var session in sessions.GetProperty("data").EnumerateArray())
        {
            await api.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.GetProperty("id").GetString()}");
        }

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"))), "login_required");
    }

    [Fact]
    public async Task Prompt_none_after_the_session_idled_out_is_login_required()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null, clock);
        var flow = await CodeFlow.StartAsync(app);
        await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);
        Assert.Contains("code", CodeFlow.Callback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none")))).Keys);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"))), "login_required");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prompt_none_without_consent_is_consent_required_and_with_it_gives_a_code(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        var user = await app.CreateUserAsync();
        await flow.Browser.SignInAsync(user.Email);

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"))), "consent_required");

        await flow.SignInForCodeAsync(user.Email, ("scope", "openid email"));
        Assert.Contains("code", CodeFlow.Callback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"), ("scope", "openid email")))).Keys);
        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"), ("scope", "openid email profile"))), "consent_required");
    }

    [Theory]
    [InlineData("prompt", "login")]
    [InlineData("max_age", "0")]
    public async Task Prompt_login_and_max_age_0_force_a_new_sign_in_and_auth_time_tells_when(string name, string value)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        await flow.Browser.SignInAsync(user.Email);
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        var response = await flow.Http.GetAsync(flow.AuthorizeUrl((name, value)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var signIn = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/sign-in?", signIn, StringComparison.Ordinal);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var code = await flow.CodeFromAsync(await flow.Browser.SubmitAsync(signIn, ("Email", user.Email), ("Password", Identity.Password)));

        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        var authTime = Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("auth_time").GetInt64();
        Assert.InRange(authTime, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prompt_select_account_asks_the_signed_in_user_and_continuing_gives_a_code_for_that_account(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        await flow.Browser.SignInAsync(user.Email);

        var chooser = await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "select_account consent")));
        Assert.Equal(HttpStatusCode.OK, chooser.StatusCode);
        var page = await Html.ParseAsync(chooser);
        Assert.Equal(user.Email, page.QuerySelector("[data-testid=signed-in-as]")!.TextContent);
        var form = FormPost.Read(page);
        Assert.StartsWith("/select-account?", form.Action, StringComparison.Ordinal);
        Assert.Equal("consent", QueryHelpers.ParseQuery(new Uri(new Uri("http://x"), form.Action).Query)["prompt"]);

        // A cross-site post (no antiforgery token) is refused before anything is decided.
        var forged = await FormPost.Read(page).Set("__RequestVerificationToken").Set("account", "current").SendAsync(flow.Http);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);

        // Its page shows the chooser again: the chooser has no address of its own, so by the request that showed it.
        var again = (await Html.ParseAsync(forged)).QuerySelector("[data-testid=page-again]")!.GetAttribute("href")!;
        Assert.StartsWith("/oauth/authorize?", again, StringComparison.Ordinal);
        Assert.Equal("consent select_account", QueryHelpers.ParseQuery(new Uri(new Uri("http://x"), again).Query)["prompt"]);
        Assert.Equal(user.Email, (await Html.ParseAsync(await flow.Http.GetAsync(again))).QuerySelector("[data-testid=signed-in-as]")!.TextContent);

        // On to the rest of the request (here the consent it asked for), and a code for the same user.
        var code = await flow.CodeFromAsync(await form.Set("account", "current").SendAsync(flow.Http));

        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        Assert.Equal(user.Id.ToString(), Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("sub").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prompt_select_account_lets_the_user_sign_in_with_another_account_and_asks_no_more(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var (first, second) = (await app.CreateUserAsync(), await app.CreateUserAsync());
        await flow.Browser.SignInAsync(first.Email);
        var page = await Html.ParseAsync(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "select_account"))));

        var toSignIn = await FormPost.Read(page).Set("account", "another").SendAsync(flow.Http);
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        var signIn = toSignIn.Headers.Location!.OriginalString;
        Assert.StartsWith("/sign-in?", signIn, StringComparison.Ordinal);

        // Signing in is the choice: the request comes back without the prompt, straight to a code.
        var code = await flow.CodeFromAsync(await flow.Browser.SubmitAsync(signIn, ("Email", second.Email), ("Password", Identity.Password)));

        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        Assert.Equal(second.Id.ToString(), Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Prompt_select_account_with_an_id_token_hint_offers_only_the_hinted_user()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var (email, tokens) = await flow.TokensForNewUserAsync();

        var chooser = await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "select_account"), ("id_token_hint", tokens.GetProperty("id_token").GetString())));

        // Another account could only end in login_required: the client expects this one (OIDC Core §3.1.2.1).
        var page = await Html.ParseAsync(chooser);
        Assert.Equal(email, page.QuerySelector("[data-testid=signed-in-as]")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=continue-as-current]"));
        Assert.Null(page.QuerySelector("[data-testid=use-another-account]"));
    }

    [Fact]
    public async Task Prompt_select_account_without_a_session_is_the_sign_in_alone_and_with_none_is_invalid()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();

        var code = await flow.SignInForCodeAsync(user.Email, ("prompt", "select_account"));

        Assert.Equal(user.Id.ToString(), Jose.Decode((await (await flow.RedeemAsync(code)).JsonAsync()).GetProperty("id_token").GetString()!).Payload.GetProperty("sub").GetString());
        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none select_account"))), "invalid_request");
    }

    [Fact]
    public async Task Prompt_none_with_a_session_too_old_for_max_age_or_another_user_in_the_hint_is_login_required()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var (_, otherTokens) = await (await CodeFlow.StartAsync(app)).TokensForNewUserAsync();
        await flow.Browser.SignInAsync((await app.CreateUserAsync()).Email);
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"), ("max_age", "0"))), "login_required");
        CodeFlow.ErrorCallback(
            await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"), ("id_token_hint", otherTokens.GetProperty("id_token").GetString()))), "login_required");
    }

    /// <summary>
    /// OIDC Core §3.1.2.1: the id_token_hint names the user the client expects. It is carried through
    /// the sign-in it leads to, and whoever then signs in as someone else sends the client
    /// login_required, never a code for a different subject.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Signing_in_as_another_user_than_the_id_token_hint_names_is_login_required_never_a_code(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var (_, hintedTokens) = await flow.TokensForNewUserAsync();
        var hint = hintedTokens.GetProperty("id_token").GetString();
        var other = await app.CreateUserAsync();
        var browser = await CodeFlow.StartAsync(app);

        var signIn = await browser.Http.GetAsync(flow.AuthorizeUrl(("id_token_hint", hint)));
        Assert.StartsWith("/sign-in?", signIn.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var answer = await browser.FollowAsync((await browser.Browser.SubmitAsync(signIn.Headers.Location!.OriginalString, ("Email", other.Email), ("Password", Identity.Password))).Headers.Location!.OriginalString);

        CodeFlow.ErrorCallback(answer, "login_required");
    }

    [Fact]
    public async Task A_browser_signed_in_as_another_user_than_the_hint_names_is_asked_to_sign_in_and_the_hinted_user_gets_the_code()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var (hintedEmail, hintedTokens) = await flow.TokensForNewUserAsync();
        var hinted = Jose.Decode(hintedTokens.GetProperty("id_token").GetString()!).Payload.GetProperty("sub").GetString();
        var browser = await CodeFlow.StartAsync(app);
        await browser.Browser.SignInAsync((await app.CreateUserAsync()).Email);

        var signIn = await browser.Http.GetAsync(flow.AuthorizeUrl(("id_token_hint", hintedTokens.GetProperty("id_token").GetString())));
        Assert.StartsWith("/sign-in?", signIn.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var code = await browser.CodeFromAsync(await browser.Browser.SubmitAsync(signIn.Headers.Location!.OriginalString, ("Email", hintedEmail), ("Password", Identity.Password)));

        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        Assert.Equal(hinted, Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task An_id_token_hint_that_is_not_an_id_token_of_this_site_is_invalid_request()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var idToken = tokens.GetProperty("id_token").GetString()!;
        var forged = idToken[..idToken.LastIndexOf('.')] + ".AAAA" + idToken[(idToken.LastIndexOf('.') + 5)..];

        foreach (var hint in new[] { "not.a.jwt", forged, tokens.GetProperty("access_token").GetString() })
        {
            CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("id_token_hint", hint))), "invalid_request");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Denying_consent_is_access_denied_with_state_and_iss(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        await flow.Browser.SignInAsync((await app.CreateUserAsync()).Email);
        var consent = await flow.Http.GetAsync(flow.AuthorizeUrl());
        Assert.StartsWith("/consent?", consent.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var denied = await flow.Browser.SubmitAsync(consent.Headers.Location!.OriginalString, ("decision", "deny"));

        CodeFlow.ErrorCallback(denied, "access_denied");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prompt_consent_asks_even_for_a_first_party_client_and_the_answer_gives_the_code(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, firstParty: true);
        await flow.Browser.SignInAsync((await app.CreateUserAsync()).Email);
        Assert.Contains("code", CodeFlow.Callback(await flow.Http.GetAsync(flow.AuthorizeUrl())).Keys);

        // OIDC Core §3.1.2.1: prompt=consent asks again, whoever the client is.
        var consent = await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "consent")));
        Assert.StartsWith("/consent?", consent.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var code = await flow.CodeFromAsync(consent);
        Assert.Equal(HttpStatusCode.OK, (await flow.RedeemAsync(code)).StatusCode);
        CodeFlow.ErrorCallback(
            await flow.Browser.SubmitAsync((await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "consent")))).Headers.Location!.OriginalString, ("decision", "deny")),
            "access_denied");
    }

    /// <summary>
    /// The consent page left open while the user signed out in another tab: its answer no longer has a
    /// valid antiforgery token. The form-expired page leads back to the consent with its request, through
    /// the sign-in, and the answer then gives the code; it used to lead to <c>/consent</c> without the request.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_consent_answered_after_signing_out_elsewhere_expires_and_opening_it_again_signs_in_and_asks_again(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        var user = await app.CreateUserAsync();
        await flow.Browser.SignInAsync(user.Email);
        var consent = await flow.ConsentPageAsync();
        var form = FormPost.Read(await flow.Browser.PageAsync(consent)).Set("decision", "allow");

        await flow.Browser.SignOutAsync();
        var expired = await form.SendAsync(flow.Http);

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Null(expired.Headers.Location);
        var again = (await Html.ParseAsync(expired)).QuerySelector("[data-testid=page-again]")!.GetAttribute("href")!;
        Assert.Equal(consent, again);
        var signIn = (await flow.Http.GetAsync(again)).Headers.Location!.OriginalString;
        Assert.StartsWith("/sign-in?", signIn, StringComparison.Ordinal);
        var code = await flow.CodeFromAsync(await flow.Browser.SubmitAsync(signIn, ("Email", user.Email), ("Password", Identity.Password)));

        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        Assert.Equal(user.Id.ToString(), Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("sub").GetString());
    }

    /// <summary>
    /// The sign-in page of an authorization request left open while the user signed in in another tab:
    /// its antiforgery token was for nobody. The form-expired page opens the sign-in again with its way back
    /// to the request, so signing in still ends at the application; it used to open a bare <c>/sign-in</c>.
    /// </summary>
    [Fact]
    public async Task A_sign_in_posted_after_signing_in_elsewhere_expires_and_opening_it_again_still_leads_to_the_application()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        var signIn = (await flow.Http.GetAsync(flow.AuthorizeUrl())).Headers.Location!.OriginalString;
        var form = FormPost.Read(await flow.Browser.PageAsync(signIn)).Set("Email", user.Email).Set("Password", Identity.Password);

        await flow.Browser.SignInAsync(user.Email);
        var expired = await form.SendAsync(flow.Http);

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        var again = (await Html.ParseAsync(expired)).QuerySelector("[data-testid=page-again]")!.GetAttribute("href")!;
        Assert.Equal(form["ReturnUrl"], QueryHelpers.ParseQuery(new Uri(new Uri("http://x"), again).Query)["returnUrl"]);
        var code = await flow.CodeFromAsync(await flow.Browser.SubmitAsync(again, ("Email", user.Email), ("Password", Identity.Password)));

        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        Assert.Equal(user.Id.ToString(), Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task A_max_age_the_session_meets_gives_a_code_without_sign_in()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        await flow.Browser.SignInAsync((await app.CreateUserAsync()).Email);

        Assert.Contains("code", CodeFlow.Callback(await flow.Http.GetAsync(flow.AuthorizeUrl(("max_age", "3600")))).Keys);
    }

    [Fact]
    public async Task A_login_hint_fills_in_the_email_on_the_sign_in_page()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite));
        const string hint = "ada.hint@example.com";

        var response = await flow.Http.GetAsync(flow.AuthorizeUrl(("login_hint", hint)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await flow.Browser.PageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(hint, page.QuerySelector("input[name=Email]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Form_post_answers_with_an_auto_posting_form_to_the_redirect_uri_that_the_csp_allows()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        await flow.Browser.SignInAsync((await app.CreateUserAsync()).Email);

        var response = await flow.Http.GetAsync(flow.AuthorizeUrl(("response_mode", "form_post")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fields = await FormPostFieldsAsync(response);
        Assert.Equal("state-123", fields["state"]);
        Assert.Equal("http://demo-test.localhost", fields["iss"]);
        Assert.Equal(HttpStatusCode.OK, (await flow.RedeemAsync(fields["code"])).StatusCode);

        var error = await FormPostFieldsAsync(await flow.Http.GetAsync(flow.AuthorizeUrl(("response_mode", "form_post"), ("scope", "paylent:manage"))));
        Assert.Equal("invalid_scope", error["error"]);
        Assert.Equal("state-123", error["state"]);
        Assert.False(error.ContainsKey("code"));
    }

    private static async Task<Dictionary<string, string>> FormPostFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches("form-action 'self' https://app\\.example(;|$| )", csp);
        var form = (await Html.ParseAsync(response)).QuerySelector("form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(CodeFlow.RedirectUri, form.GetAttribute("action"));
        return form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
    }
}
