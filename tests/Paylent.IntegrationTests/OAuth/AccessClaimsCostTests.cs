using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using Xunit.Abstractions;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// Issue 12's cost bound: a subject with 20 roles in 3 levels of composites and 200 effective
/// permissions costs a steady stream of tokens no database command more than the same tokens without
/// roles in them (the subject's assignments and the role graph come from memory), and the first token
/// after its assignments change costs exactly one more, an indexed read of the subject's role
/// assignments. Each app here is its own, so the token endpoint's commands are this test's alone.
/// </summary>
public sealed class AccessClaimsCostTests(ITestOutputHelper output)
{
    // Caches (clients, role graphs, assignments, signing keys) stay warm for the whole test: the bound is for
    // steady issuance. The key ring's periodic check would otherwise land in a measured request on a slow run.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Paylent:OAuthCache:RefreshSeconds"] = "3600",
        ["Paylent:SigningKeys:RefreshSeconds"] = "3600",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_service_account_with_20_roles_and_200_permissions_costs_client_credentials_no_query_and_one_indexed_read_after_a_change(DatabaseProvider provider)
    {
        var commands = new EndpointCommands("/oauth/token");
        await using var app = await StartAsync(provider, commands);
        var api = await ApiClient.ForAsync(app);
        var http = app.Client("demo-test.localhost");
        var service = await app.CreateClientAsync();
        var twin = await app.CreateClientAsync();
        var (tops, roles, permissions) = await CreateRoleTreeAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/oauth-clients/{service.Client.Id}/roles", "role", tops)).StatusCode);

        var withRoles = await commands.OfAsync(() => http.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!));
        var twinCommands = await commands.OfAsync(() => http.AccessTokenAsync(twin.Client.ClientId, twin.ClientSecret!));
        await SwitchClaimsAsync(api, service.Client.Id, on: false);
        var switchedOff = await commands.OfAsync(() => http.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!));
        await SwitchClaimsAsync(api, service.Client.Id, on: true);
        var token = await commands.TokenAsync(() => http.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!));
        await ReassignAsync(api, $"/api/oauth-clients/{service.Client.Id}/roles", tops[0]);
        var afterChange = await commands.FirstAsync(() => http.AccessTokenAsync(service.Client.ClientId, service.ClientSecret!));

        var claims = Jose.Decode(token).Payload;
        Assert.Equal(roles.Order(StringComparer.Ordinal), Strings(claims, "roles"));
        Assert.Equal(permissions.Order(StringComparer.Ordinal), Strings(claims, "permissions"));
        Assert.Equal(Strings(claims, "permissions"), Strings(Jose.Decode(afterChange.Token).Payload, "permissions"));
        AssertNoExtraCommand(withRoles.Commands, twinCommands.Commands, switchedOff.Commands);
        await AssertOneIndexedAssignmentReadAsync(app, afterChange.Commands, switchedOff.Commands);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_with_20_roles_and_200_permissions_costs_a_refresh_no_query_and_one_indexed_read_after_a_change(DatabaseProvider provider)
    {
        var commands = new EndpointCommands("/oauth/token");
        await using var app = await StartAsync(provider, commands);
        var api = await ApiClient.ForAsync(app);
        var flow = await CodeFlow.StartAsync(app);
        var (tops, roles, permissions) = await CreateRoleTreeAsync(api);
        var user = await app.CreateUserAsync();
        var twin = await app.CreateUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/users/{user.Id}/roles", "role", tops)).StatusCode);
        var family = await RefreshFamilyAsync(flow, user.Email);
        var twinFamily = await RefreshFamilyAsync(flow, twin.Email);

        var withRoles = await commands.OfAsync(() => family.RefreshAsync());
        var twinCommands = await commands.OfAsync(() => twinFamily.RefreshAsync());
        await SwitchClaimsAsync(api, flow.Client.Client.Id, on: false);
        var switchedOff = await commands.OfAsync(() => family.RefreshAsync());
        await SwitchClaimsAsync(api, flow.Client.Client.Id, on: true);
        var token = await commands.TokenAsync(() => family.RefreshAsync());
        await ReassignAsync(api, $"/api/users/{user.Id}/roles", tops[0]);
        var afterChange = await commands.FirstAsync(() => family.RefreshAsync());

        var claims = Jose.Decode(token).Payload;
        Assert.Equal(roles.Order(StringComparer.Ordinal), Strings(claims, "roles"));
        Assert.Equal(permissions.Order(StringComparer.Ordinal), Strings(claims, "permissions"));
        Assert.Equal(Strings(claims, "permissions"), Strings(Jose.Decode(afterChange.Token).Payload, "permissions"));

        // A refresh reads its refresh token, whatever the roles: proof the counter sees the request's commands.
        Assert.NotEmpty(switchedOff.Commands);
        AssertNoExtraCommand(withRoles.Commands, twinCommands.Commands, switchedOff.Commands);
        await AssertOneIndexedAssignmentReadAsync(app, afterChange.Commands, switchedOff.Commands);
    }

    /// <summary>
    /// Issue 13's bound: a refresh in an organization context (the membership holding the 20 roles) runs
    /// once warm exactly the commands of the same user's refresh without an organization, and after the
    /// membership changes, exactly one more: an indexed read of the user's memberships.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refresh_in_an_organization_costs_no_query_more_and_one_indexed_membership_read_after_a_change(DatabaseProvider provider)
    {
        var commands = new EndpointCommands("/oauth/token");
        await using var app = await StartAsync(provider, commands);
        var api = await ApiClient.ForAsync(app);
        var flow = await CodeFlow.StartAsync(app);
        var (tops, roles, permissions) = await CreateRoleTreeAsync(api);
        var user = await app.CreateUserAsync();
        var organization = await Organizations.OrganizationApi.CreateAsync(api, AccessApiTests.Unique("cost-"));
        var organizationId = organization.GetProperty("id").GetString()!;
        var membership = await Organizations.OrganizationApi.MemberAsync(api, organizationId, user.Id, tops);
        var inOrganization = await RefreshFamilyAsync(flow, user.Email, organizationId);
        var plain = await RefreshFamilyAsync(flow, user.Email);

        var withOrganization = await commands.OfAsync(() => inOrganization.RefreshAsync());
        var without = await commands.OfAsync(() => plain.RefreshAsync());
        var token = await commands.TokenAsync(() => inOrganization.RefreshAsync());
        await RolesOfMembershipAsync(api, organizationId, membership, tops);
        var afterChange = await commands.FirstAsync(() => inOrganization.RefreshAsync());

        var claims = Jose.Decode(token).Payload;
        Assert.Equal(organizationId, claims.GetProperty("org_id").GetString());
        Assert.Equal(roles.Order(StringComparer.Ordinal), Strings(claims, "roles"));
        Assert.Equal(permissions.Order(StringComparer.Ordinal), Strings(claims, "permissions"));
        Assert.Equal(Strings(claims, "roles"), Strings(Jose.Decode(afterChange.Token).Payload, "roles"));
        Assert.Equal(without.Commands.Select(c => c.Text), withOrganization.Commands.Select(c => c.Text));
        output.WriteLine($"steady: {withOrganization.Commands.Count} commands in an organization, {without.Commands.Count} without");

        var extra = afterChange.Commands.ToList();
        foreach (var command in without.Commands)
        {
            Assert.True(extra.Remove(extra.First(c => c.Text == command.Text)), command.Text);
        }

        var read = Assert.Single(extra);
        Assert.Contains("memberships", read.Text, StringComparison.Ordinal);
        var plan = await PlanAsync(app, read);
        Assert.Matches(provider == DatabaseProvider.Postgres ? "Index (Only )?Scan using ix_memberships_\\w+ on memberships" : "SEARCH \\w+ USING (COVERING )?INDEX ix_memberships_", plan);
        output.WriteLine($"after a change: {afterChange.Commands.Count} commands; plan: {plan}");
    }

    /// <summary>Deactivates the membership and restores it as it was: what the token carries is unchanged, but the membership changed.</summary>
    private static async Task RolesOfMembershipAsync(ApiClient api, string organizationId, string membershipId, string[] roleIds)
    {
        var response = await api.PatchAsync(
            $"/api/organizations/{organizationId}/memberships/{membershipId}",
            Organizations.OrganizationApi.WithRoles("membership", new() { ["status"] = "inactive" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        response = await api.PatchAsync(
            $"/api/organizations/{organizationId}/memberships/{membershipId}",
            Organizations.OrganizationApi.WithRoles("membership", new() { ["status"] = "active" }, roleIds));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<PaylentApp> StartAsync(DatabaseProvider provider, EndpointCommands commands) =>
        PaylentApp.StartAsync(provider, Settings, commands.RecordIn);

    /// <summary>
    /// 20 roles with 10 permissions of their own each: 2 top roles, each including 3 middle roles, each
    /// including 2 leaf roles; holding the 2 top roles gives all 20 roles and 200 permissions.
    /// </summary>
    private static async Task<(string[] Tops, List<string> Roles, List<string> Permissions)> CreateRoleTreeAsync(ApiClient api)
    {
        var prefix = AccessApiTests.Unique("cost");
        var roles = new List<string>();
        var permissions = new List<string>();

        async Task<string> RoleAsync(string slug, params string[] included)
        {
            var id = await AccessApiTests.CreateRoleAsync(api, slug);
            roles.Add(slug);
            var own = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                var permission = $"{slug}:action-{i}";
                own.Add(await AccessApiTests.CreatePermissionAsync(api, permission));
                permissions.Add(permission);
            }

            Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/roles/{id}/relationships/permissions", "permission", [.. own])).StatusCode);
            if (included.Length > 0)
            {
                Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/roles/{id}/relationships/included_roles", "role", included)).StatusCode);
            }

            return id;
        }

        var tops = new List<string>();
        for (var top = 0; top < 2; top++)
        {
            var middles = new List<string>();
            for (var middle = 0; middle < 3; middle++)
            {
                var leaves = new List<string>();
                for (var leaf = 0; leaf < 2; leaf++)
                {
                    leaves.Add(await RoleAsync($"{prefix}.l3-{top}{middle}{leaf}"));
                }

                middles.Add(await RoleAsync($"{prefix}.l2-{top}{middle}", [.. leaves]));
            }

            tops.Add(await RoleAsync($"{prefix}.l1-{top}", [.. middles]));
        }

        Assert.Equal(20, roles.Count);
        Assert.Equal(200, permissions.Distinct().Count());
        return ([.. tops], roles, permissions);
    }

    private static async Task SwitchClaimsAsync(ApiClient api, Guid clientId, bool on)
    {
        var response = await api.PatchAsync($"/api/oauth-clients/{clientId}", ApiClient.Resource("oauth_client", new
        {
            include_roles_in_tokens = on,
            include_permissions_in_tokens = on,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<RefreshFamily> RefreshFamilyAsync(CodeFlow flow, string email, string? organization = null)
    {
        var code = await flow.SignInForCodeAsync(email, ("scope", "openid offline_access"), ("organization", organization));
        return new RefreshFamily(flow, (await (await flow.RedeemAsync(code)).JsonAsync()).GetProperty("refresh_token").GetString()!);
    }

    /// <summary>A user's refresh family: each refresh rotates the refresh token, kept for the next.</summary>
    private sealed class RefreshFamily(CodeFlow flow, string refreshToken)
    {
        public async Task<string> RefreshAsync()
        {
            var response = await flow.RefreshAsync(refreshToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var tokens = await response.JsonAsync();
            refreshToken = tokens.GetProperty("refresh_token").GetString()!;
            return tokens.GetProperty("access_token").GetString()!;
        }
    }

    /// <summary>
    /// Taking a role away and giving it back changes nothing the token carries, but it is a change of the
    /// subject's assignments: the next token has to read them again.
    /// </summary>
    private static async Task ReassignAsync(ApiClient api, string path, string roleId)
    {
        var unassigned = await api.SendAsync(HttpMethod.Delete, path, JsonSerializer.Serialize(AccessApiTests.Linkage("role", roleId)));
        Assert.True(unassigned.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, path, "role", roleId)).StatusCode);
    }

    /// <summary>
    /// Once warm, the token with roles runs exactly the commands of the same token with the claims
    /// switched off, and of the same token for a subject that holds no role.
    /// </summary>
    private void AssertNoExtraCommand(IReadOnlyList<RecordedCommand> withRoles, IReadOnlyList<RecordedCommand> twin, IReadOnlyList<RecordedCommand> switchedOff)
    {
        Assert.Equal(twin.Count, withRoles.Count);
        Assert.Equal(switchedOff.Select(c => c.Text), withRoles.Select(c => c.Text));
        output.WriteLine($"steady: {withRoles.Count} commands with roles, {twin.Count} without, {switchedOff.Count} with the claims switched off");
    }

    /// <summary>
    /// The first token after the subject's assignments changed runs the commands of the same token with
    /// the claims switched off plus one, a read of <c>role_assignments</c> answered through an index.
    /// </summary>
    private async Task AssertOneIndexedAssignmentReadAsync(PaylentApp app, IReadOnlyList<RecordedCommand> afterChange, IReadOnlyList<RecordedCommand> switchedOff)
    {
        var extra = afterChange.ToList();
        foreach (var command in switchedOff)
        {
            Assert.True(extra.Remove(extra.First(c => c.Text == command.Text)), command.Text);
        }

        var assignments = Assert.Single(extra);
        Assert.Contains("role_assignments", assignments.Text, StringComparison.Ordinal);
        Assert.StartsWith("SELECT", assignments.Text.TrimStart(), StringComparison.OrdinalIgnoreCase);

        var plan = await PlanAsync(app, assignments);
        Assert.Matches(app.Database.Provider == DatabaseProvider.Postgres ? "Index (Only )?Scan using ix_role_assignments_\\w+ on role_assignments" : "SEARCH \\w+ USING (COVERING )?INDEX ix_role_assignments_", plan);
        Assert.DoesNotContain(app.Database.Provider == DatabaseProvider.Postgres ? "Seq Scan" : "SCAN ", plan, StringComparison.Ordinal);
        output.WriteLine($"after a change: {afterChange.Count} commands; plan: {plan}");
    }

    /// <summary>
    /// The plan of the recorded query. PostgreSQL is told to avoid sequential scans, since on a table this
    /// small it would scan anyway: what matters is that an index answers the predicate at all.
    /// </summary>
    private static async Task<string> PlanAsync(PaylentApp app, RecordedCommand command)
    {
        await using var context = Contexts.Paylent(app.Database);
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        var postgres = app.Database.Provider == DatabaseProvider.Postgres;
        if (postgres)
        {
            await using var off = connection.CreateCommand();
            off.CommandText = "SET enable_seqscan = off";
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = connection.CreateCommand();
        explain.CommandText = (postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.Text;
        foreach (var (name, value) in command.Parameters)
        {
            var parameter = explain.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            explain.Parameters.Add(parameter);
        }

        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(postgres ? 0 : reader.GetOrdinal("detail")));
        }

        return string.Join('\n', lines);
    }

    private static List<string> Strings(JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
