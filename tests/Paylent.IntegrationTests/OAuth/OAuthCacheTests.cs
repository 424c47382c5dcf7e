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

    [Fact]
    public async Task On_postgresql_a_revocation_a_role_change_and_a_deleted_client_reach_another_instance_through_the_change_signal_not_its_refresh()
    {
        // An hour's refresh interval: only the change signal can make the second instance see the changes in time.
        var hour = new Dictionary<string, string?> { [RefreshSeconds] = "3600" };
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var first = PaylentApp.Start(database, hour);
        await using var second = PaylentApp.Start(database, hour);
        await Domains.Tls.TlsProbe.UntilListeningAsync(database, 2);
        var onFirst = first.Client("demo-test.localhost");
        var onSecond = second.Client("demo-test.localhost");
        var api = await Api.ApiClient.ForAsync(first);
        var service = await first.CreateClientAsync();
        var role = await Api.AccessApiTests.CreateRoleAsync(api, Api.AccessApiTests.Unique("signal-"));
        var permission = Api.AccessApiTests.Unique("signal:");
        var permissionId = await Api.AccessApiTests.CreatePermissionAsync(api, permission);
        Assert.Equal(HttpStatusCode.OK, (await Api.AccessApiTests.LinkAsync(api, $"/api/oauth-clients/{service.Client.Id}/roles", "role", role)).StatusCode);
        var token = await onFirst.AccessTokenAsync(Management, PaylentApp.ManagementSecret);

        // The second instance has the client, its assignments, the role graph and the revocations cached.
        Assert.Empty(Claim(await onSecond.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!), "permissions"));
        Assert.True(await ActiveAsync(onSecond, token));

        Assert.Equal(HttpStatusCode.OK, (await onFirst.PostFormAsync("/oauth/revoke", [new("token", token)], (Management, PaylentApp.ManagementSecret))).StatusCode);
        await Eventually(async () => !await ActiveAsync(onSecond, token), Signalled);

        Assert.Equal(HttpStatusCode.OK, (await Api.AccessApiTests.LinkAsync(api, $"/api/roles/{role}/relationships/permissions", "permission", permissionId)).StatusCode);
        await Eventually(async () => Claim(await onSecond.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!), "permissions").SequenceEqual([permission]), Signalled);

        var unassigned = await api.SendAsync(HttpMethod.Delete, $"/api/oauth-clients/{service.Client.Id}/roles", System.Text.Json.JsonSerializer.Serialize(Api.AccessApiTests.Linkage("role", role)));
        Assert.True(unassigned.IsSuccessStatusCode, unassigned.StatusCode.ToString());
        await Eventually(async () => Claim(await onSecond.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!), "roles").Count == 0, Signalled);

        await first.SendAsync("test", new DeleteOAuthClient(service.Client.Id));
        await Eventually(async () => (await onSecond.ClientCredentialsAsync(service.Client.ClientId, service.ClientSecret!)).StatusCode == HttpStatusCode.Unauthorized, Signalled);
    }

    [Fact]
    public async Task A_refresh_interval_under_a_second_stops_the_start()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { [RefreshSeconds] = "0" }));
        Assert.Contains(Infrastructure.OAuth.OAuthCacheOptions.Invalid, failure.ToString(), StringComparison.Ordinal);
    }

    // A notice crosses instances within milliseconds; seconds allow for a loaded machine, far short of the hour.
    private static readonly TimeSpan Signalled = TimeSpan.FromSeconds(10);

    private static IReadOnlyList<string> Claim(string jwt, string name)
    {
        using var payload = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]));
        return payload.RootElement.TryGetProperty(name, out var list) ? [.. list.EnumerateArray().Select(v => v.GetString()!)] : [];
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
    private static Task Eventually(Func<Task<bool>> condition) => Eventually(condition, TimeSpan.FromSeconds(15));

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {within.TotalSeconds} seconds.");
            await Task.Delay(100);
        }
    }
}
