using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.OAuth;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>Tokens issued in an end-user session carry its <c>sid</c> and die with the session.</summary>
[Collection(AppsCollection.Name)]
public sealed class SessionBoundTokenTests(Apps apps)
{
    private const string Management = OAuthClient.ManagementClientId;
    private const string Issuer = "http://demo-test.localhost";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_jwt_issued_in_a_session_is_inactive_once_the_api_revokes_the_session(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);
        var token = await app.InEnvironmentAsync("test", services =>
            services.GetRequiredService<ITokenSigner>().SignAsync(Claims(user.Id, session.SessionId, DateTime.UtcNow), SigningAlgorithms.Rs256, CancellationToken.None));
        var http = app.Client("demo-test.localhost");
        Assert.Equal(session.SessionId.ToString(), Jose.Decode(token).Payload.GetProperty("sid").GetString());
        Assert.True((await http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());

        var api = await ApiClient.ForAsync(app);
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.SessionId}")).StatusCode);

        Assert.False((await http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_opaque_token_issued_in_a_session_is_inactive_once_the_user_signs_out(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);
        var token = Secrets.NewToken();
        await app.InEnvironmentAsync("test", async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var now = DateTime.UtcNow;
            db.OpaqueAccessTokens.Add(OpaqueAccessToken.Issue(
                db.CurrentEnvironmentId!.Value, Secrets.Hash(token), Management, user.Id.ToString(), "openid", [Issuer], now, now.AddMinutes(5), session.SessionId));
            return await db.SaveChangesAsync();
        });
        var http = app.Client("demo-test.localhost");
        Assert.True((await http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());

        await app.SendAsync("test", new SignOut(session.Token));

        Assert.False((await http.IntrospectAsync(token, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tokens_issued_under_an_expired_grant_introspect_inactive_while_its_session_lives(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);
        var (expiredOpaque, liveOpaque) = (Secrets.NewToken(), Secrets.NewToken());
        var (expiredGrantId, liveGrantId) = await app.InEnvironmentAsync("test", async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var (environmentId, now) = (db.CurrentEnvironmentId!.Value, DateTime.UtcNow);
            var expired = Grant.Start(environmentId, Management, user.Id, session.SessionId, "openid", sessionExpiresAt: now.AddSeconds(-1), now.AddMinutes(-1));
            var live = Grant.Start(environmentId, Management, user.Id, session.SessionId, "openid", sessionExpiresAt: now.AddHours(1), now.AddMinutes(-1));
            db.Grants.AddRange(expired, live);
            db.OpaqueAccessTokens.Add(OpaqueAccessToken.Issue(
                environmentId, Secrets.Hash(expiredOpaque), Management, user.Id.ToString(), "openid", [Issuer], now, now.AddMinutes(5), session.SessionId, expired.Id));
            db.OpaqueAccessTokens.Add(OpaqueAccessToken.Issue(
                environmentId, Secrets.Hash(liveOpaque), Management, user.Id.ToString(), "openid", [Issuer], now, now.AddMinutes(5), session.SessionId, live.Id));
            await db.SaveChangesAsync();
            return (expired.Id, live.Id);
        });
        var (expiredJwt, liveJwt) = await app.InEnvironmentAsync("test", async services =>
        {
            var signer = services.GetRequiredService<ITokenSigner>();
            var claims = Claims(user.Id, session.SessionId, DateTime.UtcNow);
            return (await signer.SignAsync(claims with { GrantId = expiredGrantId }, SigningAlgorithms.Rs256, CancellationToken.None),
                await signer.SignAsync(claims with { GrantId = liveGrantId, Jti = Guid.NewGuid().ToString("N") }, SigningAlgorithms.Rs256, CancellationToken.None));
        });
        var http = app.Client("demo-test.localhost");

        // The grant's end is a rule of its own, not only its session's: a grant past it ends its tokens.
        Assert.True((await http.IntrospectAsync(liveOpaque, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
        Assert.True((await http.IntrospectAsync(liveJwt, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
        Assert.False((await http.IntrospectAsync(expiredOpaque, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
        Assert.False((await http.IntrospectAsync(expiredJwt, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_jwt_issued_in_a_session_is_inactive_once_the_session_expires()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:Identity:SessionIdleTimeout"] = "00:00:01" });
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);
        var token = await app.InEnvironmentAsync("test", services =>
            services.GetRequiredService<ITokenSigner>().SignAsync(Claims(user.Id, session.SessionId, DateTime.UtcNow), SigningAlgorithms.Rs256, CancellationToken.None));

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.False((await app.Client("demo-test.localhost").IntrospectAsync(token, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
    }

    private static AccessTokenClaims Claims(Guid userId, Guid sessionId, DateTime now) =>
        new(Issuer, userId.ToString(), Management, [Issuer], "openid", now, now.AddMinutes(5), Guid.NewGuid().ToString("N"), sessionId);
}
