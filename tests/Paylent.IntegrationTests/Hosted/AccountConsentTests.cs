using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>The account page's connected applications: what the user allowed, and taking it back.</summary>
[Collection(AppsCollection.Name)]
public sealed class AccountConsentTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Revoking_an_application_on_the_account_page_ends_its_refresh_token_and_it_must_ask_again(DatabaseProvider provider)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(provider), firstParty: false);
        var (_, tokens) = await flow.TokensForNewUserAsync(("scope", "openid email offline_access"));

        var page = await flow.Browser.PageAsync("/account");
        var row = Assert.Single(page.QuerySelectorAll("[data-testid=consent]"));
        Assert.Contains("Sample app", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("See your email address", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Stay connected to your account when you are not using Sample app", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("See your name", row.TextContent, StringComparison.Ordinal);

        var revoked = await FormPost.Read(page, "[data-testid=consent] form").SendAsync(flow.Http);

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var after = await flow.Browser.PageAsync(revoked.Headers.Location!.OriginalString);
        Assert.Contains("The application was disconnected", after.QuerySelector("[data-testid=flash]")?.TextContent, StringComparison.Ordinal);
        Assert.Empty(after.QuerySelectorAll("[data-testid=consent]"));
        Assert.NotNull(after.QuerySelector("[data-testid=no-consents]"));
        var refresh = await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal("invalid_grant", (await refresh.JsonAsync()).GetProperty("error").GetString());

        // Still signed in: only the consent page stands between the user and a new code.
        var again = await flow.Http.GetAsync(flow.AuthorizeUrl());
        Assert.StartsWith("/consent", again.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await flow.RedeemAsync(await flow.CodeFromAsync(again))).StatusCode);
        Assert.Single((await flow.Browser.PageAsync("/account")).QuerySelectorAll("[data-testid=consent]"));
    }

    [Fact]
    public async Task With_htmx_the_revoke_answers_a_redirect_back_to_the_account_page()
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Sqlite), firstParty: false);
        await flow.TokensForNewUserAsync();

        var revoked = await FormPost.Read(await flow.Browser.PageAsync("/account"), "[data-testid=consent] form").SendAsync(flow.Http, htmx: true);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal("/account?flash=account-consent-revoked", revoked.Headers.GetValues("HX-Redirect").Single());
        Assert.Empty((await flow.Browser.PageAsync("/account")).QuerySelectorAll("[data-testid=consent]"));
    }

    [Fact]
    public async Task Another_users_consent_cannot_be_revoked_from_the_account_page()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        var (_, tokens) = await flow.TokensForNewUserAsync();
        var victimConsent = (await flow.Browser.PageAsync("/account")).QuerySelector("[data-testid=consent]")!.GetAttribute("data-consent-id");
        var attacker = HostedClient.For(app);
        await attacker.SignInAsync((await app.CreateUserAsync()).Email);
        var page = await attacker.PageAsync("/account");

        var response = await attacker.Http.PostAsync($"/account/consents/{victimConsent}/revoke", new FormUrlEncodedContent(
            [new KeyValuePair<string, string>("__RequestVerificationToken", Html.AntiforgeryToken(page))]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single((await flow.Browser.PageAsync("/account")).QuerySelectorAll("[data-testid=consent]"));
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).StatusCode);
    }
}
