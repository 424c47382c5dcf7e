using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>Ending a session, through the API or the account page, ends every token issued in it.</summary>
[Collection(AppsCollection.Name)]
public sealed class SessionRevocationTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Revoking_the_session_through_the_api_makes_its_access_and_refresh_tokens_inactive(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var jwt = await CodeFlow.StartAsync(app);
        var (_, tokens) = await jwt.TokensForNewUserAsync();
        var sessionId = Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("sid").GetString();
        Assert.True(await jwt.IsActiveAsync(tokens.GetProperty("refresh_token").GetString()!));

        var api = await ApiClient.ForAsync(app);
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/sessions/{sessionId}")).StatusCode);

        await AssertDeadAsync(jwt, tokens);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ending_the_session_on_the_account_page_makes_its_opaque_and_refresh_tokens_inactive(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app, format: TokenFormat.Opaque);
        var (email, tokens) = await flow.TokensForNewUserAsync();
        var sessionId = Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("sid").GetString();
        Assert.True(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!));

        // From another browser of the same user, as "End session" on the account page.
        var other = HostedClient.For(app);
        await other.SignInAsync(email);
        var page = await other.PageAsync("/account");
        var revoke = FormPost.Read(page, $"form[action='/account/sessions/{sessionId}/revoke']");
        Assert.True((await revoke.SendAsync(other.Http)).StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther);

        await AssertDeadAsync(flow, tokens);
    }

    /// <summary>
    /// A session is live only while its user is active: read in the same query as the code or the
    /// refresh token, the user's status alone refuses both, even where the sessions were left as they
    /// were (disabling a user also ends them; this is the rule underneath).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_no_longer_active_gets_no_tokens_from_a_code_or_a_refresh_token_of_a_session_left_open(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var flow = await CodeFlow.StartAsync(app);
        var (email, tokens) = await flow.TokensForNewUserAsync();
        var code = await flow.SignInForCodeAsync(email);

        await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().Users.IgnoreQueryFilters()
            .Where(u => u.Email == email).ExecuteUpdateAsync(set => set.SetProperty(u => u.Status, UserStatus.Disabled)));

        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RedeemAsync(code)));
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)));
    }

    private static async Task AssertDeadAsync(CodeFlow flow, System.Text.Json.JsonElement tokens)
    {
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        Assert.False(await flow.IsActiveAsync(accessToken));
        Assert.False(await flow.IsActiveAsync(refreshToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.UserInfoAsync(accessToken)).StatusCode);
        Assert.Equal("invalid_grant", await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshToken)));
    }
}
