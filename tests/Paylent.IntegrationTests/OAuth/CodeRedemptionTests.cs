using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// The authorization_code grant's defences (RFC 6749 §4.1.3, RFC 7636 §4.6): a code is single use,
/// short-lived, and bound to its client, redirect URI and PKCE challenge; each failure is invalid_grant.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class CodeRedemptionTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_replayed_code_is_invalid_grant_and_revokes_the_tokens_issued_for_it_with_an_audit_event(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        var code = await flow.SignInForCodeAsync(user.Email);
        var first = await (await flow.RedeemAsync(code)).JsonAsync();
        var accessToken = first.GetProperty("access_token").GetString()!;
        var refreshToken = first.GetProperty("refresh_token").GetString()!;
        Assert.True(await flow.IsActiveAsync(accessToken));

        // RFC 6749 §4.1.2: used twice, the code is refused and what it gave is revoked.
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));

        Assert.False(await flow.IsActiveAsync(accessToken));
        Assert.False(await flow.IsActiveAsync(refreshToken));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken)));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await flow.UserInfoAsync(accessToken)).StatusCode);
        var replays = await app.WithServices(async services => await services.GetRequiredService<PaylentDbContext>().AuditEvents.IgnoreQueryFilters()
            .Where(e => e.Action == "oauth.code_replayed").ToListAsync());
        Assert.Contains(replays, e => e.Targets.Any(t => t.Type == "user" && t.Id == user.Id.ToString()) && e.Targets.Any(t => t.Id == flow.ClientId));
        Assert.DoesNotContain(replays, e => System.Text.Json.JsonSerializer.Serialize(new { e.Changes, e.Metadata }).Contains(code, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_simultaneous_redemptions_give_tokens_once(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);

        var issuedBefore = await IssuedTokens.CountAsync(app, GrantTypes.AuthorizationCode);

        var responses = await Task.WhenAll(flow.RedeemAsync(code), flow.RedeemAsync(code));

        Assert.Single(responses, r => r.StatusCode == System.Net.HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == System.Net.HttpStatusCode.BadRequest);
        // The loser's first attempt got as far as signing before its save lost: it issued nothing, and is not counted.
        Assert.Equal(issuedBefore + 1, await IssuedTokens.CountAsync(app, GrantTypes.AuthorizationCode));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_code_redeemed_by_another_client_is_invalid_grant_and_stays_good_for_its_own(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var other = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await other.RedeemAsync(code)));

        Assert.Equal(System.Net.HttpStatusCode.OK, (await flow.RedeemAsync(code)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_wrong_verifier_or_redirect_uri_is_invalid_grant_and_a_malformed_verifier_invalid_request(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code, verifier: CodeFlow.Verifier[..^1] + "X")));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code, verifier: CodeFlow.Challenge)));
        // RFC 7636 §4.1: 43 to 128 unreserved characters; anything else is not a verifier at all.
        foreach (var malformed in new[] { "short", CodeFlow.Verifier[..^1] + "!", new string('a', 129), CodeFlow.Verifier + "\u00e9" })
        {
            var response = await flow.RedeemAsync(code, verifier: malformed);
            Assert.Equal("invalid_request", await CodeFlow.TokenErrorAsync(response));
            Assert.Contains("RFC 7636", (await response.JsonAsync()).GetProperty("error_description").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code, redirectUri: CodeFlow.RedirectUri + "/")));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync("not-a-code")));

        // Failed attempts do not spend the code.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await flow.RedeemAsync(code)).StatusCode);
    }

    [Theory]
    [InlineData("code")]
    [InlineData("code_verifier")]
    [InlineData("redirect_uri")]
    public async Task A_missing_code_verifier_or_redirect_uri_is_invalid_request(string missing)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var flow = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);
        (string, string)[] fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", CodeFlow.RedirectUri), ("code_verifier", CodeFlow.Verifier)];

        var response = await flow.TokenAsync(fields.Where(f => f.Item1 != missing).ToArray());

        Assert.Equal("invalid_request", await CodeFlow.TokenErrorAsync(response));
    }

    [Fact]
    public async Task A_code_expires_after_60_seconds()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null, clock);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        var redeemedAt59Seconds = await flow.SignInForCodeAsync(user.Email);
        var redeemedAt61Seconds = await flow.CodeFromAsync(await flow.Http.GetAsync(flow.AuthorizeUrl()));

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await flow.RedeemAsync(redeemedAt59Seconds)).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(redeemedAt61Seconds)));
    }

    [Fact]
    public async Task A_code_replayed_after_it_expired_still_revokes_the_tokens_issued_for_it()
    {
        var clock = new TestClock();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, null, clock);
        var flow = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);
        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
        Assert.False(await flow.IsActiveAsync(tokens.GetProperty("refresh_token").GetString()!));
        Assert.False(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_code_whose_session_ended_before_redemption_gives_no_tokens(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);

        await flow.Browser.SignOutAsync();

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_code_the_seal_did_not_make_is_invalid_grant_and_one_longer_than_any_it_makes_invalid_request(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);

        foreach (var unknown in new[] { new string('A', AuthorizationCode.MaxSealedLength), code + "=", code + " ", code.Replace(code[10], code[10] == 'é' ? 'e' : 'é') })
        {
            Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(unknown)));
        }

        Assert.Equal("invalid_request", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(new string('A', AuthorizationCode.MaxSealedLength + 1))));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await flow.RedeemAsync(code)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_code_replayed_after_its_session_ended_is_still_told_as_a_replay(DatabaseProvider provider)
    {
        // With no live session the code's facts are read apart: the replay must still be audited as one.
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        var code = await flow.SignInForCodeAsync(user.Email);
        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();

        await flow.Browser.SignOutAsync();

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
        Assert.False(await flow.IsActiveAsync(tokens.GetProperty("refresh_token").GetString()!));
        Assert.True(await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().AuditEvents.IgnoreQueryFilters()
            .AnyAsync(e => e.Action == "oauth.code_replayed" && e.Targets.Any(t => t.Type == "user" && t.Id == user.Id.ToString()))));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_public_clients_code_is_redeemed_with_its_client_id_and_verifier_only_and_not_by_another_public_client(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, type: Paylent.Domain.OAuth.ClientType.Public);
        var other = await CodeFlow.StartAsync(app, type: Paylent.Domain.OAuth.ClientType.Public);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await other.RedeemAsync(code)));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code, verifier: CodeFlow.Verifier.Replace('d', 'e'))));

        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await other.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_replayed_code_also_revokes_opaque_access_tokens(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, format: Paylent.Domain.OAuth.TokenFormat.Opaque);
        var code = await flow.SignInForCodeAsync((await app.CreateUserAsync()).Email);
        var accessToken = (await (await flow.RedeemAsync(code)).JsonAsync()).GetProperty("access_token").GetString()!;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await flow.UserInfoAsync(accessToken)).StatusCode);

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));

        Assert.False(await flow.IsActiveAsync(accessToken));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await flow.UserInfoAsync(accessToken)).StatusCode);
    }
}
