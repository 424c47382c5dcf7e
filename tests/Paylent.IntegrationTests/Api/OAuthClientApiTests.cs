using System.Net;
using System.Text.Json;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

[Collection(AppsCollection.Name)]
public sealed class OAuthClientApiTests(Apps apps)
{
    private static object NewClient(string name = "Orders service") => ApiClient.Resource("oauth_client", new Dictionary<string, object>
    {
        ["name"] = name,
        ["client_type"] = "confidential",
        ["redirect_uris"] = new[] { "https://orders.example/callback" },
        ["grant_types"] = new[] { "client_credentials", "authorization_code" },
        ["allowed_scopes"] = new[] { "orders:read" },
        ["token_format"] = "jwt",
        ["access_token_lifetime"] = 900,
    });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_client_is_created_read_updated_rotated_and_deleted(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);

        var created = await api.PostAsync("/api/oauth-clients", NewClient());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(ApiClient.MediaType, created.Content.Headers.ContentType?.MediaType);
        var data = (await created.JsonAsync()).GetProperty("data");
        var id = data.GetProperty("id").GetString()!;
        var attributes = data.GetProperty("attributes");
        var clientId = attributes.GetProperty("client_id").GetString()!;
        var secret = attributes.GetProperty("client_secret").GetString()!;
        Assert.Equal($"http://demo-test.localhost/api/oauth-clients/{id}", created.Headers.Location?.ToString());
        Assert.Equal("oauth_client", data.GetProperty("type").GetString());
        Assert.Equal(900, attributes.GetProperty("access_token_lifetime").GetInt32());
        Assert.Equal("jwt", attributes.GetProperty("token_format").GetString());
        Assert.True(attributes.GetProperty("require_pkce").GetBoolean());
        Assert.Equal(43, secret.Length);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.ClientCredentialsAsync(clientId, secret)).StatusCode);

        var read = (await (await api.GetAsync($"/api/oauth-clients/{id}")).JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.False(read.TryGetProperty("client_secret", out _));

        var patched = await api.PatchAsync($"/api/oauth-clients/{id}", ApiClient.Resource("oauth_client", new { name = "Orders v2" }));
        var patchedAttributes = (await patched.JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.Equal("Orders v2", patchedAttributes.GetProperty("name").GetString());
        Assert.Equal(["https://orders.example/callback"], patchedAttributes.GetProperty("redirect_uris").EnumerateArray().Select(u => u.GetString()));

        var rotated = await api.SendAsync(HttpMethod.Post, $"/api/oauth-clients/{id}/rotate-secret");
        var newSecret = (await rotated.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("client_secret").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Http.ClientCredentialsAsync(clientId, secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.ClientCredentialsAsync(clientId, newSecret)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/oauth-clients/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/oauth-clients/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Http.ClientCredentialsAsync(clientId, newSecret)).StatusCode);

        var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={id}")).JsonAsync();
        var actions = trail.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("attributes").GetProperty("action").GetString()).ToList();
        Assert.Equal(["oauth_client.deleted", "oauth_client.secret_rotated", "oauth_client.updated", "oauth_client.created"], actions);
        var text = trail.GetRawText();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, text, StringComparison.Ordinal);
        var updated = trail.GetProperty("data")[2].GetProperty("attributes");
        Assert.Equal("Orders service", updated.GetProperty("changes").GetProperty("name").GetProperty("from").GetString());
        Assert.Equal("Orders v2", updated.GetProperty("changes").GetProperty("name").GetProperty("to").GetString());
        Assert.Equal("client", updated.GetProperty("actor").GetProperty("type").GetString());
        Assert.Equal("paylent-management", updated.GetProperty("actor").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Lists_are_paged_with_links_and_scoped_to_the_environment()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        for (var i = 0; i < 3; i++)
        {
            await api.PostAsync("/api/oauth-clients", NewClient($"Paged {i}"));
        }

        var first = await (await api.GetAsync("/api/oauth-clients?page[size]=2")).JsonAsync();
        Assert.Equal(2, first.GetProperty("data").GetArrayLength());
        var next = first.GetProperty("links").GetProperty("next").GetString()!;
        Assert.Contains("page%5Bnumber%5D=2", next, StringComparison.Ordinal);
        var second = await (await api.GetAsync(next)).JsonAsync();
        Assert.NotEqual(JsonValueKind.Null, second.GetProperty("links").GetProperty("prev").ValueKind);

        var production = await ApiClient.ForAsync(app, "production");
        var productionNames = (await (await production.GetAsync("/api/oauth-clients?page[size]=100")).JsonAsync())
            .GetProperty("data").EnumerateArray().Select(c => c.GetProperty("attributes").GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain(productionNames, n => n!.StartsWith("Paged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task First_party_is_written_on_create_and_update()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);

        var created = await api.PostAsync("/api/oauth-clients", ApiClient.Resource("oauth_client", new Dictionary<string, object>
        {
            ["name"] = "First-party app",
            ["redirect_uris"] = new[] { "https://app.example/callback" },
            ["grant_types"] = new[] { "authorization_code" },
            ["allowed_scopes"] = new[] { "openid" },
            ["first_party"] = true,
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await created.JsonAsync()).GetProperty("data");
        Assert.True(data.GetProperty("attributes").GetProperty("first_party").GetBoolean());

        var patched = await api.PatchAsync($"/api/oauth-clients/{data.GetProperty("id").GetString()}", ApiClient.Resource("oauth_client", new { first_party = false }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.False((await patched.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("first_party").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Allowed_resources_are_written_on_create_kept_by_a_patch_without_them_and_replaced_by_one_with_them(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);

        var created = await api.PostAsync("/api/oauth-clients", ApiClient.Resource("oauth_client", new Dictionary<string, object>
        {
            ["name"] = "Orders service",
            ["allowed_resources"] = new[] { "https://api.example/orders", "https://api.example/stock" },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await created.JsonAsync()).GetProperty("data");
        var path = $"/api/oauth-clients/{data.GetProperty("id").GetString()}";
        Assert.Equal(["https://api.example/orders", "https://api.example/stock"], Resources(data));

        var renamed = await api.PatchAsync(path, ApiClient.Resource("oauth_client", new { name = "Renamed" }));
        var replaced = await api.PatchAsync(path, ApiClient.Resource("oauth_client", new { allowed_resources = new[] { "https://api.example/billing" } }));
        var refused = await api.PatchAsync(path, ApiClient.Resource("oauth_client", new { allowed_resources = new[] { "https://api.example/#x" } }));

        Assert.Equal(["https://api.example/orders", "https://api.example/stock"], Resources((await renamed.JsonAsync()).GetProperty("data")));
        Assert.Equal(["https://api.example/billing"], Resources((await replaced.JsonAsync()).GetProperty("data")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("/data/attributes/allowed_resources", (await refused.JsonAsync()).GetProperty("errors")[0].GetProperty("source").GetProperty("pointer").GetString());
        Assert.Equal(["https://api.example/billing"], Resources((await (await api.GetAsync(path)).JsonAsync()).GetProperty("data")));
    }

    private static IEnumerable<string?> Resources(System.Text.Json.JsonElement data) =>
        data.GetProperty("attributes").GetProperty("allowed_resources").EnumerateArray().Select(r => r.GetString());

    [Fact]
    public async Task The_management_client_cannot_be_deleted_and_a_client_type_cannot_change()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var api = await ApiClient.ForAsync(app);
        var clients = (await (await api.GetAsync("/api/oauth-clients?page[size]=100")).JsonAsync()).GetProperty("data").EnumerateArray();
        var management = clients.Single(c => c.GetProperty("attributes").GetProperty("client_id").GetString() == "paylent-management").GetProperty("id").GetString();

        var delete = await api.SendAsync(HttpMethod.Delete, $"/api/oauth-clients/{management}");
        var retype = await api.PatchAsync($"/api/oauth-clients/{management}", ApiClient.Resource("oauth_client", new { client_type = "public" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, delete.StatusCode);
        Assert.Equal("management_client", (await delete.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retype.StatusCode);
        Assert.Equal("/data/attributes/client_type", (await retype.JsonAsync()).GetProperty("errors")[0].GetProperty("source").GetProperty("pointer").GetString());
    }
}
