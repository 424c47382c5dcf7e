using System.Net;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// Clients and JWT revocations are served from memory on the hot paths. What one instance changes it
/// sees at once; a second instance on the same database within its refresh interval, never later.
/// </summary>
public sealed class OAuthCacheTests
{
    private const string Management = OAuthClient.ManagementClientId;
    private const string RefreshSeconds = "Paylent:OAuthCache:RefreshSeconds";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_jwt_is_inactive_at_once_where_revoked_and_within_the_refresh_interval_elsewhere(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = PaylentApp.Start(database);
        await using var second = PaylentApp.Start(database, new Dictionary<string, string?> { [RefreshSeconds] = "1" });
        var onFirst = first.Client("demo-test.localhost");
        var onSecond = second.Client("demo-test.localhost");
        var token = await onFirst.AccessTokenAsync(Management, PaylentApp.ManagementSecret);

        // Both instances have the client and the (empty) revocation set cached.
        Assert.True(await ActiveAsync(onFirst, token));
        Assert.True(await ActiveAsync(onSecond, token));

        var revoke = await onFirst.PostFormAsync("/oauth/revoke", [new("token", token)], (Management, PaylentApp.ManagementSecret));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False(await ActiveAsync(onFirst, token));
        await Eventually(async () => !await ActiveAsync(onSecond, token));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rotated_secret_works_at_once_everywhere_and_the_old_one_stops_within_the_refresh_interval(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = PaylentApp.Start(database);
        await using var second = PaylentApp.Start(database, new Dictionary<string, string?> { [RefreshSeconds] = "1" });
        var onFirst = first.Client("demo-test.localhost");
        var onSecond = second.Client("demo-test.localhost");
        var client = await first.CreateClientAsync();
        var id = client.Client.ClientId;
        await onFirst.AccessTokenAsync(id, client.ClientSecret!);
        await onSecond.AccessTokenAsync(id, client.ClientSecret!);

        var rotated = await first.SendAsync("test", new RotateClientSecret(client.Client.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, (await onFirst.ClientCredentialsAsync(id, client.ClientSecret!)).StatusCode);
        Assert.NotEmpty(await onFirst.AccessTokenAsync(id, rotated.ClientSecret!));
        Assert.NotEmpty(await onSecond.AccessTokenAsync(id, rotated.ClientSecret!));
        await Eventually(async () => (await onSecond.ClientCredentialsAsync(id, client.ClientSecret!)).StatusCode == HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_client_and_its_jwts_stop_at_once_where_deleted_and_within_the_refresh_interval_elsewhere(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = PaylentApp.Start(database);
        await using var second = PaylentApp.Start(database, new Dictionary<string, string?> { [RefreshSeconds] = "1" });
        var onFirst = first.Client("demo-test.localhost");
        var onSecond = second.Client("demo-test.localhost");
        var client = await first.CreateClientAsync(scopes: [Scopes.Manage]);
        var id = client.Client.ClientId;
        var token = await onSecond.AccessTokenAsync(id, client.ClientSecret!);
        Assert.True(await ActiveAsync(onFirst, token));
        Assert.True(await ActiveAsync(onSecond, token));

        await first.SendAsync("test", new DeleteOAuthClient(client.Client.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, (await onFirst.ClientCredentialsAsync(id, client.ClientSecret!)).StatusCode);
        Assert.False(await ActiveAsync(onFirst, token));
        await Eventually(async () => (await onSecond.ClientCredentialsAsync(id, client.ClientSecret!)).StatusCode == HttpStatusCode.Unauthorized);
        Assert.False(await ActiveAsync(onSecond, token));
    }

    [Fact]
    public async Task A_client_created_on_one_instance_authenticates_at_once_on_another()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var first = PaylentApp.Start(database);
        await using var second = PaylentApp.Start(database);
        var onSecond = second.Client("demo-test.localhost");
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.ClientCredentialsAsync("not-yet", "secret")).StatusCode);

        var client = await first.CreateClientAsync();

        Assert.NotEmpty(await onSecond.AccessTokenAsync(client.Client.ClientId, client.ClientSecret!));
    }

    /// <summary>
    /// Whether the management token still opens the management API: bearer authentication, the lookup
    /// introspection makes too, which (RFC 7662 §4) shows a token only to its own client, deleted here.
    /// </summary>
    private static async Task<bool> ActiveAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/signing-keys");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (await http.SendAsync(request)).StatusCode == HttpStatusCode.OK;
    }

    // Within the second instance's refresh interval (1 s) plus generous slack for a busy machine.
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 15 seconds.");
            await Task.Delay(100);
        }
    }
}
