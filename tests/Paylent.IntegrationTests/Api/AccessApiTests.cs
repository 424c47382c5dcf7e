using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Text.Json;
using Paylent.Application.Access;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Api;

/// <summary>Permissions, roles and assignments through the management API, as an admin would set them up.</summary>
[Collection(AppsCollection.Name)]
public sealed class AccessApiTests(Apps apps)
{
    internal static string Unique(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..8]}";

    internal static async Task<string> CreatePermissionAsync(ApiClient api, string slug)
    {
        var response = await api.PostAsync("/api/permissions", ApiClient.Resource("permission", new { slug, description = "Lets one " + slug }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("data").GetProperty("id").GetString()!;
    }

    internal static async Task<string> CreateRoleAsync(ApiClient api, string slug, string? clientId = null, bool isDefault = false)
    {
        var response = await api.PostAsync("/api/roles", ApiClient.Resource("role", new Dictionary<string, object?>
        {
            ["slug"] = slug, ["name"] = "Role " + slug, ["client_id"] = clientId, ["default"] = isDefault,
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("data").GetProperty("id").GetString()!;
    }

    /// <summary><paramref name="count"/> roles with unique slugs starting <paramref name="prefix"/>, created one after another.</summary>
    internal static async Task<List<string>> CreateRolesAsync(ApiClient api, int count, string prefix)
    {
        var roles = new List<string>();
        for (var i = 0; i < count; i++)
        {
            roles.Add(await CreateRoleAsync(api, Unique(prefix)));
        }

        return roles;
    }

    internal static object Linkage(string type, params string[] ids) => new { data = ids.Select(id => new { type, id }).ToArray() };

    internal static Task<HttpResponseMessage> LinkAsync(ApiClient api, string path, string type, params string[] ids) =>
        api.PostAsync(path, Linkage(type, ids));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Roles_compose_permissions_reach_users_and_service_accounts_and_every_change_is_audited(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var resource = Unique("invoices");
        var read = await CreatePermissionAsync(api, $"{resource}:read");
        var write = await CreatePermissionAsync(api, $"{resource}:write");
        var reader = await CreateRoleAsync(api, Unique("reader"));
        var adminSlug = Unique("ROLE_ADMIN_");
        var admin = await CreateRoleAsync(api, adminSlug);

        Assert.Equal(HttpStatusCode.OK, (await LinkAsync(api, $"/api/roles/{reader}/relationships/permissions", "permission", read)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LinkAsync(api, $"/api/roles/{admin}/relationships/permissions", "permission", write)).StatusCode);
        var included = await LinkAsync(api, $"/api/roles/{admin}/relationships/included_roles", "role", reader);
        Assert.Equal(HttpStatusCode.OK, included.StatusCode);
        Assert.Equal(reader, (await included.JsonAsync()).GetProperty("data")[0].GetProperty("id").GetString());

        var role = (await (await api.GetAsync($"/api/roles/{admin}")).JsonAsync()).GetProperty("data");
        Assert.Equal(adminSlug, role.GetProperty("attributes").GetProperty("slug").GetString());
        Assert.Equal(write, role.GetProperty("relationships").GetProperty("permissions").GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(reader, role.GetProperty("relationships").GetProperty("included_roles").GetProperty("data")[0].GetProperty("id").GetString());
        var bySlug = await (await api.GetAsync($"/api/roles?filter[slug]={adminSlug.ToLowerInvariant()}")).JsonAsync();
        Assert.Equal(admin, Assert.Single(bySlug.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());

        var user = await app.CreateUserAsync();
        var assigned = await LinkAsync(api, $"/api/users/{user.Id}/roles", "role", admin);
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(admin, Assert.Single((await assigned.JsonAsync()).GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        var service = await app.CreateClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await LinkAsync(api, $"/api/oauth-clients/{service.Client.Id}/roles", "role", reader)).StatusCode);

        var permissions = await (await api.GetAsync($"/api/users/{user.Id}/permissions")).JsonAsync();
        Assert.Equal([$"{resource}:read", $"{resource}:write"], permissions.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(2, permissions.GetProperty("meta").GetProperty("roles").GetArrayLength());

        var check = await CheckAsync(api, new { user_id = user.Id, permission = $"{resource}:read" });
        Assert.True(check.GetProperty("allowed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/authorization-checks", ApiClient.Resource("authorization_check", new { client_id = service.Client.ClientId, permission = $"{resource}:write" }))).StatusCode);
        Assert.False((await CheckAsync(api, new { client_id = service.Client.ClientId, permission = $"{resource}:write" })).GetProperty("allowed").GetBoolean());

        // Deleting a permission takes it out of every role, audited on the role.
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/permissions/{write}")).StatusCode);
        Assert.Empty((await (await api.GetAsync($"/api/roles/{admin}")).JsonAsync()).GetProperty("data").GetProperty("relationships").GetProperty("permissions").GetProperty("data").EnumerateArray());
        Assert.False((await CheckAsync(api, new { user_id = user.Id, permission = $"{resource}:write" })).GetProperty("allowed").GetBoolean());

        var trail = await AuditAsync(api, admin);
        Assert.Contains("role.created", trail.Keys);
        Assert.Contains("role.included_role_added", trail.Keys);
        var removed = trail["role.permission_removed"].GetProperty("changes").GetProperty("permissions");
        Assert.Equal($"{resource}:write", removed.GetProperty("from")[0].GetString());
        Assert.Equal(0, removed.GetProperty("to").GetArrayLength());
        Assert.Equal($"{resource}:write", trail["role.permission_added"].GetProperty("changes").GetProperty("permissions").GetProperty("to")[0].GetString());

        var unassigned = await api.SendAsync(HttpMethod.Delete, $"/api/users/{user.Id}/roles", JsonSerializer.Serialize(Linkage("role", admin)));
        Assert.Equal(HttpStatusCode.OK, unassigned.StatusCode);
        Assert.Empty((await unassigned.JsonAsync()).GetProperty("data").EnumerateArray());
        var actions = await ActionsAsync(api);
        Assert.Contains("user.role_assigned", actions);
        Assert.Contains("user.role_unassigned", actions);
        Assert.Contains("oauth_client.role_assigned", actions);
        Assert.Contains("permission.deleted", actions);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_user_gets_the_default_role_and_a_deleted_user_loses_its_roles(DatabaseProvider provider)
    {
        // Its own app: a default role in the shared one would reach every other test's new users.
        await using var app = await PaylentApp.StartAsync(provider);
        var api = await ApiClient.ForAsync(app);
        var first = await CreateRoleAsync(api, Unique("member"), isDefault: true);
        var second = await CreateRoleAsync(api, Unique("member"), isDefault: true);
        Assert.False((await (await api.GetAsync($"/api/roles/{first}")).JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("default").GetBoolean());

        var created = await api.PostAsync("/api/users", ApiClient.Resource("user", new { email = Identity.NewEmail("default-role") }));
        var userId = (await created.JsonAsync()).GetProperty("data").GetProperty("id").GetString()!;
        var roles = await (await api.GetAsync($"/api/users/{userId}/roles")).JsonAsync();
        Assert.Equal(second, Assert.Single(roles.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/users/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/users/{userId}/roles")).StatusCode);
        Assert.Contains("user.role_unassigned", await ActionsAsync(api));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Roles_made_default_at_the_same_time_leave_one_default_and_users_can_still_be_created(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var api = await ApiClient.ForAsync(app);
        var existing = await CreateRoleAsync(api, Unique("member"));

        var answers = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => api.PostAsync("/api/roles", ApiClient.Resource("role", new Dictionary<string, object?>
            {
                ["slug"] = Unique("default"), ["name"] = "Default", ["default"] = true,
            })))
            .Append(api.PatchAsync($"/api/roles/{existing}", ApiClient.Resource("role", new Dictionary<string, object?> { ["default"] = true }))));

        // A lost race is a conflict to retry, never a server error, and never a second default.
        Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var roles = await (await api.GetAsync("/api/roles?page[size]=100")).JsonAsync();
        var defaults = roles.GetProperty("data").EnumerateArray().Where(r => r.GetProperty("attributes").GetProperty("default").GetBoolean()).ToList();
        Assert.Single(defaults);

        var created = await api.PostAsync("/api/users", ApiClient.Resource("user", new { email = Identity.NewEmail("after-race") }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assignments_racing_for_a_subjects_last_place_give_it_no_more_roles_than_the_limit_and_double_submits_agree(DatabaseProvider provider)
    {
        // Its own app: a hundred roles would crowd the shared environment's role lists.
        await using var app = await PaylentApp.StartAsync(provider);
        var api = await ApiClient.ForAsync(app);
        var roles = await CreateRolesAsync(api, AccessLimits.MaxRolesPerSubject + 4, "r");

        var user = await app.CreateUserAsync();
        var path = $"/api/users/{user.Id}/roles";
        Assert.Equal(HttpStatusCode.OK, (await LinkAsync(api, path, "role", [.. roles.Take(AccessLimits.MaxRolesPerSubject - 1)])).StatusCode);

        // Five assignments of five other roles race for the one place left: one wins, the others find the user full.
        var raced = await Task.WhenAll(roles.Skip(AccessLimits.MaxRolesPerSubject - 1).Select(role => LinkAsync(api, path, "role", role)));
        Assert.Single(raced, answer => answer.StatusCode == HttpStatusCode.OK);
        Assert.All(raced.Where(answer => answer.StatusCode != HttpStatusCode.OK), answer => Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode));
        var held = (await (await api.GetAsync(path)).JsonAsync()).GetProperty("data").GetArrayLength();
        Assert.Equal(AccessLimits.MaxRolesPerSubject, held);

        // A double submit of one change answers twice, alike, as one request would.
        var dropped = roles[0];
        var unassigned = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => api.SendAsync(HttpMethod.Delete, path, JsonSerializer.Serialize(Linkage("role", dropped)))));
        Assert.All(unassigned, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var reassigned = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => LinkAsync(api, path, "role", dropped)));
        Assert.All(reassigned, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var heldIds = (await (await api.GetAsync(path)).JsonAsync()).GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(AccessLimits.MaxRolesPerSubject, heldIds.Count);

        // A subject the race left over the limit before places existed (numbered past 100 by the migration)
        // does not get back to it once a role is taken: places and count are both checked.
        var (legacy, later) = (roles.First(r => !heldIds.Contains(r)), roles.Last(r => !heldIds.Contains(r)));
        object Id(string id) => RawRows.Id(provider, id);
        await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().Database.ExecuteSqlAsync($"""
            INSERT INTO role_assignments (id, environment_id, role_id, user_id, client_id, slot, created_at, version)
            SELECT {Id(Guid.NewGuid().ToString())}, environment_id, {Id(legacy)}, user_id, NULL, {AccessLimits.MaxRolesPerSubject + 1}, created_at, version
            FROM role_assignments WHERE role_id = {Id(dropped)}
            """));
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Delete, path, JsonSerializer.Serialize(Linkage("role", dropped)))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await LinkAsync(api, path, "role", later)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Requests_giving_many_roles_to_one_subject_at_once_all_succeed(DatabaseProvider provider)
    {
        // Its own app: eighty roles would crowd the shared environment's role lists.
        await using var app = await PaylentApp.StartAsync(provider);
        var api = await ApiClient.ForAsync(app);
        var roles = await CreateRolesAsync(api, 80, "many");

        var user = await app.CreateUserAsync();
        var service = await app.CreateClientAsync();

        // Eight requests of ten roles each, at once, for a user and for a service account: ten random places
        // of a hundred collide between two requests more often than not, and each lost race runs again on
        // what the winners wrote, until every request has its places.
        foreach (var path in new[] { $"/api/users/{user.Id}/roles", $"/api/oauth-clients/{service.Client.Id}/roles" })
        {
            var answers = await Task.WhenAll(roles.Chunk(10).Select(chunk => LinkAsync(api, path, "role", chunk)));

            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
            Assert.Equal(roles.Count, (await (await api.GetAsync(path)).JsonAsync()).GetProperty("data").GetArrayLength());
        }
    }

    internal static async Task<JsonElement> CheckAsync(ApiClient api, object attributes)
    {
        var response = await api.PostAsync("/api/authorization-checks", ApiClient.Resource("authorization_check", attributes));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("data").GetProperty("attributes");
    }

    private static async Task<Dictionary<string, JsonElement>> AuditAsync(ApiClient api, string targetId)
    {
        var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={targetId}&page[size]=100")).JsonAsync();
        return trail.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("attributes"))
            .GroupBy(e => e.GetProperty("action").GetString()!).ToDictionary(g => g.Key, g => g.First());
    }

    private static async Task<List<string?>> ActionsAsync(ApiClient api)
    {
        var trail = await (await api.GetAsync("/api/audit-events?page[size]=100")).JsonAsync();
        return [.. trail.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("attributes").GetProperty("action").GetString())];
    }
}
