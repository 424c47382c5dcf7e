using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.InteropTests;

/// <summary>
/// ASP.NET Core's JwtBearer handler with <c>RoleClaimType = "roles"</c> and a policy on a permission
/// authorizes from Paylent's access token alone: roles and permissions given through the management API.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class JwtBearerAccessTests(InteropApps apps)
{
    private const string Audience = "https://invoices.example/api";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_role_and_a_permission_policy_authorize_from_the_token_alone(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        using var api = await LoopbackApi.ConnectAsync(app);
        var permissionId = await FindOrCreateAsync(api, "permissions", "permission", "invoices:read", new Dictionary<string, object?> { ["slug"] = "invoices:read" });
        var role = await FindOrCreateAsync(api, "roles", "role", "ROLE_ADMIN", new Dictionary<string, object?> { ["slug"] = "ROLE_ADMIN", ["name"] = "Administrators" });
        await LinkAsync(api, $"/api/roles/{role}/relationships/permissions", "permission", permissionId);
        var (holder, holderSecret, holderId) = await ServiceClientAsync(api);
        var (stranger, strangerSecret, _) = await ServiceClientAsync(api);
        await LinkAsync(api, $"/api/oauth-clients/{holderId}/roles", "role", role);
        await using var server = await ResourceServer.StartAsync(api.IssuerString, Audience);

        var token = await api.ClientCredentialsTokenAsync(holder, holderSecret);
        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/admin", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/invoices", token)).StatusCode);

        var unprivileged = await api.ClientCredentialsTokenAsync(stranger, strangerSecret);
        Assert.Equal(HttpStatusCode.OK, (await server.GetOrdersAsync(unprivileged)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.GetAsync("/admin", unprivileged)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.GetAsync("/invoices", unprivileged)).StatusCode);
    }

    /// <summary>The resource with this slug, created if the shared environment (both providers' tests use it) has none yet.</summary>
    private static async Task<string> FindOrCreateAsync(LoopbackApi api, string collection, string type, string slug, Dictionary<string, object?> attributes)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/api/{collection}?filter[slug]={slug}");
        var data = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        return data.GetArrayLength() > 0 ? data[0].GetProperty("id").GetString()! : (await api.CreateAsync($"/api/{collection}", type, attributes)).Id;
    }

    private static async Task LinkAsync(LoopbackApi api, string path, string type, string id)
    {
        using var response = await api.SendAsync(HttpMethod.Post, path, new { data = new[] { new { type, id } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<(string ClientId, string Secret, string Id)> ServiceClientAsync(LoopbackApi api)
    {
        var client = await api.CreateAsync("/api/oauth-clients", "oauth_client", new Dictionary<string, object?>
        {
            ["name"] = "Invoices service",
            ["client_type"] = "confidential",
            ["grant_types"] = new[] { "client_credentials" },
            ["allowed_scopes"] = new[] { "orders:read" },
            ["default_audience"] = Audience,
        });
        return (client.Attribute("client_id"), client.Attribute("client_secret"), client.Id);
    }
}
