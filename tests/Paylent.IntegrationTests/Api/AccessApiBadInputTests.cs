using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

/// <summary>
/// Bad Access requests on PostgreSQL (which refuses what SQLite forgives): a JSON:API error naming the
/// fault, 4xx and never 5xx, and nothing half-written.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class AccessApiBadInputTests(Apps apps)
{
    [Theory]
    [InlineData("{}", 422, "/data/attributes/slug")]
    [InlineData("{\"slug\": \"Invoices:read\"}", 422, "/data/attributes/slug")]
    [InlineData("{\"slug\": \"invoices::read\"}", 422, "/data/attributes/slug")]
    [InlineData("{\"slug\": \"invoices read\"}", 422, "/data/attributes/slug")]
    [InlineData("{\"slug\": \"invoices:\\u0000\"}", 422, "/data/attributes/slug")]
    [InlineData("{\"slug\": \"invoices:\\u0007\"}", 422, "/data/attributes/slug")]
    [InlineData("{\"slug\": \"invoices:\\u00e9\"}", 422, "/data/attributes/slug")]
    [InlineData("{\"slug\": \"a:read\", \"description\": \"bell\\u0007\"}", 422, "/data/attributes/description")]
    [InlineData("{\"slug\": 5}", 422, "/data/attributes/slug")]
    [InlineData("{\"slug\": \"a:read\", \"created_at\": \"2020-01-01T00:00:00Z\"}", 422, "/data/attributes/created_at")]
    public async Task A_bad_permission_is_refused_with_a_pointer_and_nothing_is_created(string attributes, int status, string pointer)
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var before = await CountAsync(app, db => db.Permissions.CountAsync());

        var response = await api.SendAsync(HttpMethod.Post, "/api/permissions", $"{{\"data\": {{\"type\": \"permission\", \"attributes\": {attributes}}}}}");

        await AssertErrorAsync(response, status, pointer);
        Assert.Equal(before, await CountAsync(app, db => db.Permissions.CountAsync()));
    }

    [Fact]
    public async Task Overlong_slugs_are_refused()
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Postgres));

        await AssertErrorAsync(await api.PostAsync("/api/permissions", ApiClient.Resource("permission", new { slug = new string('a', 101) })), 422, "/data/attributes/slug");
        await AssertErrorAsync(await api.PostAsync("/api/roles", ApiClient.Resource("role", new { slug = new string('R', 101), name = "r" })), 422, "/data/attributes/slug");
        await AssertErrorAsync(await api.PostAsync("/api/roles", ApiClient.Resource("role", new { slug = "r" + Guid.NewGuid().ToString("N"), name = new string('n', 100_000) })), 422, "/data/attributes/name");
    }

    [Fact]
    public async Task Duplicate_slugs_conflict_whatever_their_case_and_slugs_are_immutable()
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Postgres));
        var slug = AccessApiTests.Unique("ROLE_DUP_");
        var role = await AccessApiTests.CreateRoleAsync(api, slug);
        var permission = AccessApiTests.Unique("dup:");
        var permissionId = await AccessApiTests.CreatePermissionAsync(api, permission);

        await AssertErrorAsync(await api.PostAsync("/api/roles", ApiClient.Resource("role", new { slug = slug.ToLowerInvariant(), name = "Again" })), 409, "/data/attributes/slug");
        await AssertErrorAsync(await api.PostAsync("/api/permissions", ApiClient.Resource("permission", new { slug = permission })), 409, "/data/attributes/slug");
        await AssertErrorAsync(await api.PatchAsync($"/api/roles/{role}", ApiClient.Resource("role", new { slug = "other" })), 422, "/data/attributes/slug");
        await AssertErrorAsync(await api.PatchAsync($"/api/roles/{role}", ApiClient.Resource("role", new { client_id = "other" })), 422, "/data/attributes/client_id");
        await AssertErrorAsync(await api.PatchAsync($"/api/permissions/{permissionId}", ApiClient.Resource("permission", new { slug = "other:x" })), 422, "/data/attributes/slug");
        await AssertErrorAsync(await api.PatchAsync($"/api/roles/{role}", ApiClient.Resource("role", new { name = "" })), 422, "/data/attributes/name");
    }

    [Fact]
    public async Task A_cycle_through_three_roles_is_refused_and_leaves_the_roles_as_they_were()
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Postgres));
        var (a, b, c) = (await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("a")), await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("b")), await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("c")));
        Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/roles/{a}/relationships/included_roles", "role", b)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/roles/{b}/relationships/included_roles", "role", c)).StatusCode);

        var cycle = await AccessApiTests.LinkAsync(api, $"/api/roles/{c}/relationships/included_roles", "role", a);
        var self = await AccessApiTests.LinkAsync(api, $"/api/roles/{a}/relationships/included_roles", "role", a);

        await AssertErrorAsync(cycle, 422, "/data/attributes/included_roles");
        Assert.Equal("role_cycle", (await cycle.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());
        await AssertErrorAsync(self, 422, null);
        var linkage = await (await api.GetAsync($"/api/roles/{c}/relationships/included_roles")).JsonAsync();
        Assert.Empty(linkage.GetProperty("data").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Inclusions_that_would_close_a_cycle_together_never_both_land(DatabaseProvider provider)
    {
        var api = await ApiClient.ForAsync(await apps.On(provider));
        for (var round = 0; round < 3; round++)
        {
            // Two edges each fine on its own, and one more closing a cycle through a third role already included.
            var (a, b, c) = (await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("a")), await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("b")), await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("c")));
            Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/roles/{b}/relationships/included_roles", "role", c)).StatusCode);

            var answers = await Task.WhenAll(
                Enumerable.Range(0, 3).SelectMany(_ => new[]
                {
                    AccessApiTests.LinkAsync(api, $"/api/roles/{a}/relationships/included_roles", "role", b),
                    AccessApiTests.LinkAsync(api, $"/api/roles/{b}/relationships/included_roles", "role", a),
                    AccessApiTests.LinkAsync(api, $"/api/roles/{c}/relationships/included_roles", "role", a),
                }));

            Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, (HttpStatusCode)422 }));
            async Task<bool> IncludesAsync(string role, string included) =>
                (await (await api.GetAsync($"/api/roles/{role}/relationships/included_roles")).JsonAsync()).GetProperty("data").EnumerateArray().Any(r => r.GetProperty("id").GetString() == included);
            var (ab, ba, ca) = (await IncludesAsync(a, b), await IncludesAsync(b, a), await IncludesAsync(c, a));
            Assert.False(ab && (ba || ca), $"round {round}: a→b {ab}, b→a {ba}, c→a {ca} (b→c stands)");
        }
    }

    [Fact]
    public async Task Unknown_ids_and_another_environments_roles_are_404_and_nothing_is_half_written()
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var production = await ApiClient.ForAsync(app, "production");
        var role = await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("known"));
        var foreign = await AccessApiTests.CreateRoleAsync(production, AccessApiTests.Unique("foreign"));
        var permission = await AccessApiTests.CreatePermissionAsync(api, AccessApiTests.Unique("known:"));
        var user = await app.CreateUserAsync();
        var missing = Guid.NewGuid().ToString();

        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/users/{user.Id}/roles", "role", role, foreign), 404, null);
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/users/{user.Id}/roles", "role", role, missing), 404, null);
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/users/{user.Id}/roles", "role", "not-an-id"), 404, "/data/0/id");
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/users/{missing}/roles", "role", role), 404, null);
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/oauth-clients/{missing}/roles", "role", role), 404, null);
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/roles/{role}/relationships/permissions", "permission", permission, missing), 404, null);
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/roles/{role}/relationships/included_roles", "role", foreign), 404, null);
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/roles/{missing}/relationships/permissions", "permission", permission), 404, null);
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/roles/{role}/relationships/permissions", "role", permission), 409, "/data/0/type");
        await AssertErrorAsync(await api.GetAsync($"/api/roles/{foreign}"), 404, null);
        await AssertErrorAsync(await api.PostAsync("/api/authorization-checks", ApiClient.Resource("authorization_check", new { user_id = missing, permission = "a:b" })), 404, null);
        await AssertErrorAsync(await api.PostAsync("/api/authorization-checks", ApiClient.Resource("authorization_check", new { permission = "a:b" })), 422, null);
        await AssertErrorAsync(await api.PostAsync("/api/authorization-checks", ApiClient.Resource("authorization_check", new { user_id = "nope", permission = "a:b" })), 422, "/data/attributes/user_id");
        await AssertErrorAsync(await api.PostAsync("/api/authorization-checks", ApiClient.Resource("authorization_check", new { user_id = user.Id, permission = "Not A Slug" })), 422, "/data/attributes/permission");

        Assert.Empty((await (await api.GetAsync($"/api/users/{user.Id}/roles")).JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.Empty((await (await api.GetAsync($"/api/roles/{role}")).JsonAsync()).GetProperty("data").GetProperty("relationships").GetProperty("permissions").GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task A_client_role_is_refused_to_another_clients_service_account_and_public_clients_hold_no_roles()
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var (owner, other) = (await app.CreateClientAsync(), await app.CreateClientAsync());
        var publicClient = await app.CreateClientAsync(type: ClientType.Public, grantTypes: [GrantTypes.AuthorizationCode]);
        var scoped = await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("scoped"), owner.Client.ClientId);
        var wide = await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("wide"));

        var refused = await AccessApiTests.LinkAsync(api, $"/api/oauth-clients/{other.Client.Id}/roles", "role", wide, scoped);
        await AssertErrorAsync(refused, 422, null);
        Assert.Equal("client_scope_mismatch", (await refused.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Empty((await (await api.GetAsync($"/api/oauth-clients/{other.Client.Id}/roles")).JsonAsync()).GetProperty("data").EnumerateArray());
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, $"/api/oauth-clients/{publicClient.Client.Id}/roles", "role", wide), 422, null);
        Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/oauth-clients/{owner.Client.Id}/roles", "role", scoped, wide)).StatusCode);
        await AssertErrorAsync(await api.PostAsync("/api/roles", ApiClient.Resource("role", new { slug = AccessApiTests.Unique("r"), name = "r", client_id = "no-such-client" })), 422, "/data/attributes/client_id");
    }

    [Fact]
    public async Task Oversized_and_malformed_linkage_is_refused_before_anything_is_written()
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Postgres));
        var role = await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("big"));
        var path = $"/api/roles/{role}/relationships/permissions";

        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, path, "permission", [.. Enumerable.Range(0, 101).Select(_ => Guid.NewGuid().ToString())]), 422, "/data");
        await AssertErrorAsync(await AccessApiTests.LinkAsync(api, path, "permission"), 422, "/data");
        await AssertErrorAsync(await api.SendAsync(HttpMethod.Post, path, "{\"data\": {\"type\": \"permission\", \"id\": \"x\"}}"), 400, "/data");
        await AssertErrorAsync(await api.SendAsync(HttpMethod.Post, path, "{\"data\": [5]}"), 400, "/data/0");
        await AssertErrorAsync(await api.SendAsync(HttpMethod.Post, path, "not json"), 400, null);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await api.SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(new { data = new[] { new { type = "permission", id = new string('a', 300_000) } } }))).StatusCode);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string? pointer)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(ApiClient.MediaType, response.Content.Headers.ContentType?.MediaType);
        var error = (await response.JsonAsync()).GetProperty("errors")[0];
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("detail").GetString()));
        if (pointer is not null)
        {
            Assert.Equal(pointer, error.GetProperty("source").GetProperty("pointer").GetString());
        }
    }

    private static Task<int> CountAsync(PaylentApp app, Func<PaylentDbContext, Task<int>> count) =>
        app.InEnvironmentAsync("test", services => count(services.GetRequiredService<PaylentDbContext>()));
}
