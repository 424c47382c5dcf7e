using System.Net;
using System.Text.Json;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.OAuth.Consents;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

/// <summary>Consents given on the consent page, as the management API lists, reads and withdraws them.</summary>
[Collection(AppsCollection.Name)]
public sealed class ConsentApiTests(Apps apps)
{

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_consent_is_listed_read_and_revoked_and_revoking_it_ends_the_clients_tokens_with_an_audit_event(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var (flow, user, tokens) = await ConsentedAsync(app);

        var list = (await (await api.GetAsync($"/api/users/{user}/consents")).JsonAsync()).GetProperty("data");
        var consent = Assert.Single(list.EnumerateArray());
        var id = consent.GetProperty("id").GetString()!;
        Assert.Equal("consent", consent.GetProperty("type").GetString());
        Assert.Equal(user.ToString(), consent.GetProperty("relationships").GetProperty("user").GetProperty("data").GetProperty("id").GetString());
        var attributes = consent.GetProperty("attributes");
        Assert.Equal(flow.ClientId, attributes.GetProperty("client_id").GetString());
        Assert.Equal("Sample app", attributes.GetProperty("client_name").GetString());
        Assert.Equal(["openid", "profile", "email", "offline_access"], attributes.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.NotEqual(JsonValueKind.Null, attributes.GetProperty("created_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, attributes.GetProperty("updated_at").ValueKind);
        var one = await api.GetAsync($"/api/consents/{id}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(flow.ClientId, (await one.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("client_id").GetString());
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        Assert.True(await flow.IsActiveAsync(accessToken));

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/consents/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/consents/{id}")).StatusCode);
        Assert.Empty((await (await api.GetAsync($"/api/users/{user}/consents")).JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.False(await flow.IsActiveAsync(accessToken));
        var refresh = await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal("invalid_grant", (await refresh.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Delete, $"/api/consents/{id}")).StatusCode);

        // The browser is still signed in, and the client has to ask again.
        var again = await flow.Http.GetAsync(flow.AuthorizeUrl());
        Assert.StartsWith("/consent", again.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={id}")).JsonAsync();
        var actions = trail.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("attributes").GetProperty("action").GetString()).ToList();
        Assert.Contains("consent.created", actions);
        Assert.Contains("consent.deleted", actions);
        Assert.DoesNotContain(tokens.GetProperty("refresh_token").GetString()!, trail.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_environments_consent_and_user_are_not_found()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var (_, user, _) = await ConsentedAsync(app);
        var id = await ConsentIdAsync(await ApiClient.ForAsync(app), user);
        var production = await ApiClient.ForAsync(app, "production");

        Assert.Equal(HttpStatusCode.NotFound, (await production.GetAsync($"/api/users/{user}/consents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await production.GetAsync($"/api/consents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await production.SendAsync(HttpMethod.Delete, $"/api/consents/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await (await ApiClient.ForAsync(app)).GetAsync($"/api/consents/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/users/00000000-0000-0000-0000-000000000000/consents", 404)]
    [InlineData("GET", "/api/consents/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("DELETE", "/api/consents/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData("GET", "/api/consents/not-a-guid", 404)]
    [InlineData("DELETE", "/api/consents/not-a-guid", 404)]
    [InlineData("GET", "/api/users/not-a-guid/consents", 404)]
    [InlineData("POST", "/api/consents/00000000-0000-0000-0000-000000000000", 405)]
    [InlineData("PATCH", "/api/consents/00000000-0000-0000-0000-000000000000", 405)]
    public async Task Unknown_ids_and_methods_are_4xx(string method, string path, int status)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Sqlite));

        Assert.Equal(status, (int)(await api.SendAsync(new HttpMethod(method), path)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_client_deletes_its_consents_and_ends_its_tokens(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var (flow, user, tokens) = await ConsentedAsync(app);
        var id = await ConsentIdAsync(api, user);

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/oauth-clients/{flow.Client.Client.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/consents/{id}")).StatusCode);
        Assert.Empty((await (await api.GetAsync($"/api/users/{user}/consents")).JsonAsync()).GetProperty("data").EnumerateArray());
        // The client is gone, so nobody may introspect its tokens (RFC 7662 §4); using them shows they are dead.
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.UserInfoAsync(tokens.GetProperty("access_token").GetString()!)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Codes_issued_before_their_consent_was_withdrawn_are_refused_and_one_on_a_new_consent_is_not(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        var user = await app.CreateUserAsync();
        var onConsentPage = await flow.SignInForCodeAsync(user.Email);
        var onStoredConsent = await flow.CodeFromAsync(await flow.Http.GetAsync(flow.AuthorizeUrl()));

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/consents/{await ConsentIdAsync(api, user.Id)}")).StatusCode);

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(onConsentPage)));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(onStoredConsent)));
        var consentedAgain = await flow.CodeFromAsync(await flow.Http.GetAsync(flow.AuthorizeUrl()));
        Assert.Equal(HttpStatusCode.OK, (await flow.RedeemAsync(consentedAgain)).StatusCode);
    }

    [Fact]
    public async Task A_code_issued_before_the_user_disconnected_the_application_is_refused()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        var user = await app.CreateUserAsync();
        var code = await flow.SignInForCodeAsync(user.Email);

        await app.SendAsync("test", new RevokeOwnConsent(user.Id, Guid.Parse(await ConsentIdAsync(api, user.Id))));

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
    }

    [Fact]
    public async Task A_first_party_code_that_needed_no_consent_survives_the_withdrawal_of_an_older_one()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var (flow, user, _) = await ConsentedAsync(app);
        await app.SendAsync("test", new UpdateOAuthClient(flow.Client.Client.Id, new OAuthClientChanges { FirstParty = true }));
        var code = await flow.CodeFromAsync(await flow.Http.GetAsync(flow.AuthorizeUrl()));

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/consents/{await ConsentIdAsync(api, user)}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await flow.RedeemAsync(code)).StatusCode);
    }

    /// <summary>A new user signed in through the hosted pages who allowed a third-party client, with its tokens.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_consent_withdrawn_while_its_code_is_redeemed_leaves_no_working_grant(DatabaseProvider provider)
    {
        // The withdrawal ends the grants it finds; a redemption between its read and its delete once left
        // a live, refreshable grant on a consent that no longer existed.
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        for (var round = 0; round < 12; round++)
        {
            var user = await app.CreateUserAsync();
            var code = await flow.SignInForCodeAsync(user.Email);
            var consentId = await ConsentIdAsync(api, user.Id);

            var (redeemed, withdrawn) = (flow.RedeemAsync(code), api.SendAsync(HttpMethod.Delete, $"/api/consents/{consentId}"));
            await Task.WhenAll(redeemed, withdrawn);

            Assert.Equal(HttpStatusCode.NoContent, (await withdrawn).StatusCode);
            if ((await redeemed).StatusCode == HttpStatusCode.OK)
            {
                var tokens = await (await redeemed).JsonAsync();
                Assert.False(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!), $"round {round}");
                Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)));
            }
            else
            {
                Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await redeemed));
            }

            await flow.Browser.SignOutAsync();
        }
    }

    private static async Task<(CodeFlow Flow, Guid User, JsonElement Tokens)> ConsentedAsync(PaylentApp app)
    {
        var flow = await CodeFlow.StartAsync(app, firstParty: false);
        var user = await app.CreateUserAsync();
        var redeemed = await flow.RedeemAsync(await flow.SignInForCodeAsync(user.Email));
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        return (flow, user.Id, await redeemed.JsonAsync());
    }

    private static async Task<string> ConsentIdAsync(ApiClient api, Guid user) =>
        Assert.Single((await (await api.GetAsync($"/api/users/{user}/consents")).JsonAsync()).GetProperty("data").EnumerateArray()).GetProperty("id").GetString()!;
}
