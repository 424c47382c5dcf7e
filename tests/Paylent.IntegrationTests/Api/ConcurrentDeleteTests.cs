using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using static Paylent.IntegrationTests.Organizations.OrganizationApi;

namespace Paylent.IntegrationTests.Api;

/// <summary>
/// A delete racing requests that refer to what it deletes: one of them loses with 409, never a 500, and
/// a deleted permission is left granted by no role.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ConcurrentDeleteTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_deleted_while_organizations_and_roles_take_it_in_is_never_a_server_error(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        for (var round = 0; round < 3; round++)
        {
            var user = await app.CreateUserAsync();
            var organizations = new List<string>();
            var roles = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                organizations.Add((await CreateAsync(api, AccessApiTests.Unique("org"))).GetProperty("id").GetString()!);
                roles.Add(await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("racer")));
            }

            var answers = await Task.WhenAll(
                organizations.Select(o => AddMemberAsync(api, o, user.Id))
                    .Concat(roles.Select(r => AccessApiTests.LinkAsync(api, $"/api/users/{user.Id}/roles", "role", r)))
                    .Append(api.SendAsync(HttpMethod.Delete, $"/api/users/{user.Id}")));

            Assert.All(answers, answer => Assert.True((int)answer.StatusCode < 500, $"round {round}: {answer.StatusCode}"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_client_deleted_while_its_service_account_is_given_roles_leaves_no_assignment_behind(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        for (var round = 0; round < 8; round++)
        {
            var client = await app.CreateClientAsync();
            var roles = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                roles.Add(await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("racer")));
            }

            var answers = await Task.WhenAll(
                roles.Select(r => AccessApiTests.LinkAsync(api, $"/api/oauth-clients/{client.Client.Id}/roles", "role", r))
                    .Append(api.SendAsync(HttpMethod.Delete, $"/api/oauth-clients/{client.Client.Id}")));

            Assert.All(answers, answer => Assert.True((int)answer.StatusCode < 500, $"round {round}: {answer.StatusCode}"));
            Assert.Equal(HttpStatusCode.NoContent, answers[^1].StatusCode);
            var left = await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().RoleAssignments.IgnoreQueryFilters()
                .CountAsync(a => a.ClientId == client.Client.ClientId));
            Assert.True(left == 0, $"round {round}: {left} assignments of the deleted client are left");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_permission_deleted_while_roles_are_given_it_is_granted_by_none_of_them(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var user = await app.CreateUserAsync();
        for (var round = 0; round < 6; round++)
        {
            var slug = $"{AccessApiTests.Unique("race")}:read";
            var permission = await AccessApiTests.CreatePermissionAsync(api, slug);
            var roles = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                roles.Add(await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("racer")));
            }

            Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/users/{user.Id}/roles", "role", [.. roles])).StatusCode);
            var delete = api.SendAsync(HttpMethod.Delete, $"/api/permissions/{permission}");
            var answers = await Task.WhenAll(roles.Select(r => AccessApiTests.LinkAsync(api, $"/api/roles/{r}/relationships/permissions", "permission", permission)).Append(delete));

            Assert.All(answers, answer => Assert.True((int)answer.StatusCode < 500, $"round {round}: {answer.StatusCode}"));
            if ((await delete).StatusCode == HttpStatusCode.NoContent)
            {
                var check = await AccessApiTests.CheckAsync(api, new { user_id = user.Id, permission = slug });
                Assert.False(check.GetProperty("allowed").GetBoolean(), $"round {round}: {slug} still granted after its deletion");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task One_permission_given_to_many_roles_at_once_lands_in_all_of_them(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var permission = await AccessApiTests.CreatePermissionAsync(api, $"{AccessApiTests.Unique("shared")}:read");
        var roles = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            roles.Add(await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("holder")));
        }

        // What makes a delete safe must not make additions contend: provisioning tools send these in parallel.
        var answers = await Task.WhenAll(roles.Select(r => AccessApiTests.LinkAsync(api, $"/api/roles/{r}/relationships/permissions", "permission", permission)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
    }
}
