using System.Net;
using System.Text.Json;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// Roles and permissions in tokens: access tokens (JWT and opaque, through introspection), the ID token
/// and userinfo carry exactly the subject's effective roles and permissions for the requesting client.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class AccessClaimsTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_users_tokens_carry_its_effective_roles_for_that_client_and_a_refresh_sees_a_change(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var flow = await CodeFlow.StartAsync(app);
        var allowRoles = await api.PatchAsync($"/api/oauth-clients/{flow.Client.Client.Id}", ApiClient.Resource("oauth_client", new
        {
            allowed_scopes = new[] { Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, Scopes.Roles },
        }));
        Assert.Equal(HttpStatusCode.OK, allowRoles.StatusCode);
        var other = await app.CreateClientAsync();
        var resource = AccessApiTests.Unique("docs");
        var (read, write, admin) = (
            await AccessApiTests.CreatePermissionAsync(api, $"{resource}:read"),
            await AccessApiTests.CreatePermissionAsync(api, $"{resource}:write"),
            await AccessApiTests.CreatePermissionAsync(api, $"{resource}:admin"));
        var viewer = AccessApiTests.Unique("viewer");
        var editor = AccessApiTests.Unique("EDITOR_");
        var viewerId = await AccessApiTests.CreateRoleAsync(api, viewer);
        var editorId = await AccessApiTests.CreateRoleAsync(api, editor, flow.ClientId);
        var otherId = await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("other"), other.Client.ClientId);
        await AccessApiTests.LinkAsync(api, $"/api/roles/{viewerId}/relationships/permissions", "permission", read);
        await AccessApiTests.LinkAsync(api, $"/api/roles/{editorId}/relationships/permissions", "permission", write);
        await AccessApiTests.LinkAsync(api, $"/api/roles/{otherId}/relationships/permissions", "permission", admin);
        await AccessApiTests.LinkAsync(api, $"/api/roles/{editorId}/relationships/included_roles", "role", viewerId);
        var user = await app.CreateUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/users/{user.Id}/roles", "role", editorId, otherId)).StatusCode);

        var code = await flow.SignInForCodeAsync(user.Email, ("scope", "openid roles offline_access"));
        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();

        var expectedRoles = new[] { editor, viewer }.Order(StringComparer.Ordinal).ToArray();
        var access = Jose.Decode(tokens.GetProperty("access_token").GetString()!).Payload;
        Assert.Equal(expectedRoles, Strings(access, "roles"));
        Assert.Equal([$"{resource}:read", $"{resource}:write"], Strings(access, "permissions"));
        Assert.Equal(expectedRoles, Strings(Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload, "roles"));
        var userInfo = await (await flow.UserInfoAsync(tokens.GetProperty("access_token").GetString())).JsonAsync();
        Assert.Equal(expectedRoles, Strings(userInfo, "roles"));
        var introspected = await flow.Http.IntrospectAsync(tokens.GetProperty("access_token").GetString()!, flow.ClientId, flow.Client.ClientSecret!);
        Assert.Equal(expectedRoles, Strings(introspected, "roles"));
        Assert.Equal([$"{resource}:read", $"{resource}:write"], Strings(introspected, "permissions"));

        // A change reaches the next token at once; the token already issued keeps what it said.
        var removed = await api.SendAsync(HttpMethod.Delete, $"/api/roles/{editorId}/relationships/permissions", JsonSerializer.Serialize(AccessApiTests.Linkage("permission", write)));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var refreshed = await (await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).JsonAsync();
        Assert.Equal([$"{resource}:read"], Strings(Jose.Decode(refreshed.GetProperty("access_token").GetString()!).Payload, "permissions"));
        Assert.Equal([$"{resource}:read", $"{resource}:write"], Strings(access, "permissions"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_service_accounts_tokens_carry_its_roles_and_each_claim_can_be_switched_off(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var http = app.Client("demo-test.localhost");
        foreach (var format in new[] { TokenFormat.Jwt, TokenFormat.Opaque })
        {
            var service = await app.CreateClientAsync(format: format);
            var permission = AccessApiTests.Unique("reports:");
            var wide = AccessApiTests.Unique("reporter");
            var own = AccessApiTests.Unique("owner");
            var (wideId, ownId) = (await AccessApiTests.CreateRoleAsync(api, wide), await AccessApiTests.CreateRoleAsync(api, own, service.Client.ClientId));
            await AccessApiTests.LinkAsync(api, $"/api/roles/{ownId}/relationships/permissions", "permission", await AccessApiTests.CreatePermissionAsync(api, permission));
            Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/oauth-clients/{service.Client.Id}/roles", "role", wideId, ownId)).StatusCode);

            var claims = await ClaimsAsync(http, service.Client.ClientId, service.ClientSecret!, format);
            Assert.Equal(new[] { wide, own }.Order(StringComparer.Ordinal), Strings(claims, "roles"));
            Assert.Equal([permission], Strings(claims, "permissions"));

            var switchedOff = await api.PatchAsync($"/api/oauth-clients/{service.Client.Id}", ApiClient.Resource("oauth_client", new { include_permissions_in_tokens = false }));
            Assert.False((await switchedOff.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("include_permissions_in_tokens").GetBoolean());
            var small = await ClaimsAsync(http, service.Client.ClientId, service.ClientSecret!, format);
            Assert.Equal(2, Strings(small, "roles").Count);
            Assert.False(small.TryGetProperty("permissions", out _));
        }
    }

    [Fact]
    public async Task Discovery_names_the_roles_scope_and_claim()
    {
        var http = (await apps.On(DatabaseProvider.Sqlite)).Client("demo-test.localhost");
        var discovery = await (await http.GetAsync("/.well-known/openid-configuration")).JsonAsync();

        Assert.Contains("roles", Strings(discovery, "scopes_supported"));
        Assert.Contains("roles", Strings(discovery, "claims_supported"));
    }

    private static async Task<JsonElement> ClaimsAsync(HttpClient http, string clientId, string secret, TokenFormat format)
    {
        var token = await http.AccessTokenAsync(clientId, secret);
        return format == TokenFormat.Jwt ? Jose.Decode(token).Payload : await http.IntrospectAsync(token, clientId, secret);
    }

    private static List<string> Strings(JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
