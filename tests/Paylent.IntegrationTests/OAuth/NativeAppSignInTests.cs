using System.Net;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// Native apps (RFC 8252): a public client whose redirect URI another app on the device could claim,
/// loopback http (§7.3) or a private-use scheme (§7.1), is always asked for consent (§8.6), and the
/// consent the user just gave leads to the code, never back to the consent page.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class NativeAppSignInTests(Apps apps)
{
    public static TheoryData<DatabaseProvider, string, bool> NativeClients => new()
    {
        { DatabaseProvider.Sqlite, "http://127.0.0.1:51004/callback", false },
        { DatabaseProvider.Sqlite, "com.example.app:/cb", true },
        { DatabaseProvider.Postgres, "http://127.0.0.1:51004/callback", true },
        { DatabaseProvider.Postgres, "com.example.app:/cb", false },
    };

    [Theory]
    [MemberData(nameof(NativeClients))]
    public async Task A_native_app_signs_in_through_consent_to_a_code_and_tokens(DatabaseProvider provider, string redirectUri, bool firstParty)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, firstParty, ClientType.Public, redirectUri: redirectUri);
        var user = await app.CreateUserAsync();

        var signIn = await flow.Http.GetAsync(flow.AuthorizeUrl());
        var afterSignIn = await flow.Browser.SubmitAsync(signIn.Headers.Location!.OriginalString, ("Email", user.Email), ("Password", Identity.Password));
        var consent = (await flow.Http.GetAsync(afterSignIn.Headers.Location)).Headers.Location!.OriginalString;
        Assert.StartsWith("/consent?", consent, StringComparison.Ordinal);

        var allowed = await flow.Browser.SubmitAsync(consent, ("decision", "allow"));

        var callback = CodeFlow.Callback(allowed, redirectUri);
        Assert.Equal("state-123", callback["state"]);
        Assert.Equal("http://demo-test.localhost", callback["iss"]);
        var tokens = await flow.RedeemAsync(callback["code"]!);
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        Assert.True((await tokens.JsonAsync()).TryGetProperty("id_token", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_remembered_consent_never_hands_a_claimable_redirect_a_code_silently(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, firstParty: true, ClientType.Public, redirectUri: "com.example.app:/cb");
        await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);

        var again = await flow.Http.GetAsync(flow.AuthorizeUrl());
        Assert.StartsWith("/consent?", again.Headers.Location?.OriginalString, StringComparison.Ordinal);
        CodeFlow.ErrorCallback(await flow.Http.GetAsync(flow.AuthorizeUrl(("prompt", "none"))), "consent_required", redirectUri: "com.example.app:/cb");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Simultaneous_first_consents_all_lead_to_codes_and_merge_into_one(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        var user = await app.CreateUserAsync();
        await flow.Browser.SignInAsync(user.Email);
        var consent = await flow.ConsentPageAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => flow.Browser.SubmitAsync(consent, ("decision", "allow"))));

        Assert.All(answers, answer => Assert.Contains("code", CodeFlow.Callback(answer).Keys));
        var api = await ApiClient.ForAsync(app);
        var consents = (await (await api.GetAsync($"/api/users/{user.Id}/consents")).JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(
            ["openid", "profile", "email", "offline_access"],
            Assert.Single(consents).GetProperty("attributes").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }
}
