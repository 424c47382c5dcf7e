using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Sessions;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>What OAuth holds for a user goes when Identity deletes the user (the <c>UserDeleted</c> event), in the same save.</summary>
[Collection(AppsCollection.Name)]
public sealed class ModuleCleanupTests(Apps apps)
{
    private const string Management = OAuthClient.ManagementClientId;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_user_removes_their_grants_refresh_tokens_and_consents_and_nobody_elses(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var user = await app.CreateUserAsync();
        var live = await app.SignInAsync(user.Email);
        var ended = await app.SignInAsync(user.Email);
        await app.SendAsync("test", new SignOut(ended.Token));
        var other = await app.CreateUserAsync();
        var otherSession = await app.SignInAsync(other.Email);
        var grantIds = await app.InEnvironmentAsync("test", async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var (environmentId, now) = (db.CurrentEnvironmentId!.Value, DateTime.UtcNow);
            var grants = new[] { (user.Id, live.SessionId), (user.Id, ended.SessionId), (other.Id, otherSession.SessionId) }
                .Select(owner => Grant.Start(environmentId, Management, owner.Item1, owner.Item2, "openid", now.AddHours(1), now)).ToList();
            db.Grants.AddRange(grants);
            db.RefreshTokens.AddRange(grants.Select(g => RefreshToken.Issue(environmentId, Secrets.Hash(Secrets.NewToken()), g, 3600, now)));
            db.Consents.Add(Consent.Give(environmentId, user.Id, Management, ["openid"], now));
            db.Consents.Add(Consent.Give(environmentId, other.Id, Management, ["openid"], now));
            await db.SaveChangesAsync();
            return grants.Select(g => g.Id).ToList();
        });
        var api = await ApiClient.ForAsync(app);

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/users/{user.Id}")).StatusCode);

        var owners = new[] { user.Id, other.Id };
        var (grantOwners, consentOwners, refreshTokens) = await app.WithServices(async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            return (
                await db.Grants.IgnoreQueryFilters().Where(g => owners.Contains(g.UserId)).Select(g => g.UserId).ToListAsync(),
                await db.Consents.IgnoreQueryFilters().Where(c => owners.Contains(c.UserId)).Select(c => c.UserId).ToListAsync(),
                await db.RefreshTokens.IgnoreQueryFilters().CountAsync(t => grantIds.Contains(t.GrantId)));
        });
        Assert.Equal([other.Id], grantOwners);
        Assert.Equal([other.Id], consentOwners);
        Assert.Equal(1, refreshTokens);
    }
}
