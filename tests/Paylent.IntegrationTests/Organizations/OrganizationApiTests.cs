using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;
using static Paylent.IntegrationTests.Organizations.OrganizationApi;

namespace Paylent.IntegrationTests.Organizations;

/// <summary>Organizations, memberships and invitations through the management API, as an admin would manage them.</summary>
[Collection(AppsCollection.Name)]
public sealed class OrganizationApiTests(Apps apps)
{
    private static async Task<Dictionary<string, JsonElement>> AuditAsync(ApiClient api, string targetId)
    {
        var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={targetId}&page[size]=100")).JsonAsync();
        return trail.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("attributes"))
            .GroupBy(e => e.GetProperty("action").GetString()!).ToDictionary(g => g.Key, g => g.First());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Organizations_are_created_found_renamed_and_deleted_with_their_memberships_and_invitations(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var slug = AccessApiTests.Unique("acme-");
        var organization = await CreateAsync(api, slug, new { plan = "pro", seats = 5 });
        var id = organization.GetProperty("id").GetString()!;
        Assert.Equal("pro", organization.GetProperty("attributes").GetProperty("metadata").GetProperty("plan").GetString());

        var found = await (await api.GetAsync($"/api/organizations?filter[slug]={slug}")).JsonAsync();
        Assert.Equal(id, Assert.Single(found.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        var renamed = await api.PatchAsync($"/api/organizations/{id}", ApiClient.Resource("organization", new { name = "Acme Corp", metadata = new { plan = "enterprise" } }));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var attributes = (await renamed.JsonAsync()).GetProperty("data").GetProperty("attributes");
        Assert.Equal(("Acme Corp", "enterprise"), (attributes.GetProperty("name").GetString(), attributes.GetProperty("metadata").GetProperty("plan").GetString()));
        var immutable = await api.PatchAsync($"/api/organizations/{id}", ApiClient.Resource("organization", new { slug = "other" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, immutable.StatusCode);

        var user = await app.CreateUserAsync();
        var owner = await RoleIdAsync(api, "org:owner");
        var membership = await MemberAsync(api, id, user.Id, owner);
        var invited = await InviteAsync(api, id, Identity.NewEmail("invitee"));
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitation = (await invited.JsonAsync()).GetProperty("data").GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/organizations/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/organizations/{id}")).StatusCode);
        Assert.Empty((await (await api.GetAsync($"/api/users/{user.Id}/organizations")).JsonAsync()).GetProperty("data").EnumerateArray());
        var trail = await AuditAsync(api, id);
        Assert.Contains("organization.created", trail.Keys);
        Assert.Equal("enterprise", JsonDocument.Parse(trail["organization.updated"].GetProperty("changes").GetProperty("metadata").GetProperty("to").GetString()!).RootElement.GetProperty("plan").GetString());
        Assert.Contains("organization.deleted", trail.Keys);
        Assert.Contains("membership.deleted", (await AuditAsync(api, membership)).Keys);
        Assert.Contains("invitation.revoked", (await AuditAsync(api, invitation)).Keys);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_role_id_left_behind_in_a_membership_is_dropped_when_roles_are_added_never_counted_against_the_limit(DatabaseProvider provider)
    {
        // Its own app: fifty roles would crowd the shared environment's role lists.
        await using var app = await PaylentApp.StartAsync(provider);
        var api = await ApiClient.ForAsync(app);
        var organization = (await CreateAsync(api, AccessApiTests.Unique("left-"))).GetProperty("id").GetString()!;
        var gone = await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("gone"));
        var user = await app.CreateUserAsync();
        var membership = await MemberAsync(api, organization, user.Id, gone);

        // What a role deleted while the membership was being given it leaves: its id in the membership, the role itself gone.
        object Id(string id) => RawRows.Id(provider, id);
        await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().Database.ExecuteSqlAsync($"DELETE FROM roles WHERE id = {Id(gone)}"));

        var roles = new List<string>();
        for (var i = 0; i < Paylent.Domain.Organizations.Membership.MaxRoles; i++)
        {
            roles.Add(await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("r")));
        }

        var added = await AccessApiTests.LinkAsync(api, $"/api/organizations/{organization}/memberships/{membership}/relationships/roles", "role", [.. roles]);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(roles.Order(), (await added.JsonAsync()).GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Order());
        var held = await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().Memberships.IgnoreQueryFilters().SingleAsync(m => m.Id == Guid.Parse(membership)));
        Assert.DoesNotContain(Guid.Parse(gone), held.RoleIds);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Memberships_carry_organization_roles_as_a_relationship_and_a_user_lists_its_organizations(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var first = (await CreateAsync(api, AccessApiTests.Unique("one-"))).GetProperty("id").GetString()!;
        var second = (await CreateAsync(api, AccessApiTests.Unique("two-"))).GetProperty("id").GetString()!;
        var (admin, member) = (await RoleIdAsync(api, "org:admin"), await RoleIdAsync(api, "org:member"));
        var user = await app.CreateUserAsync();

        var created = await AddMemberAsync(api, first, user.Id, admin);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var membership = (await created.JsonAsync()).GetProperty("data");
        var membershipId = membership.GetProperty("id").GetString()!;
        Assert.Equal("active", membership.GetProperty("attributes").GetProperty("status").GetString());
        var role = Assert.Single(membership.GetProperty("relationships").GetProperty("roles").GetProperty("data").EnumerateArray());
        Assert.Equal((admin, "org:admin"), (role.GetProperty("id").GetString(), role.GetProperty("meta").GetProperty("slug").GetString()));
        await MemberAsync(api, second, user.Id, member);

        var added = await AccessApiTests.LinkAsync(api, $"/api/organizations/{first}/memberships/{membershipId}/relationships/roles", "role", member);
        Assert.Equal(2, (await added.JsonAsync()).GetProperty("data").GetArrayLength());
        var deactivated = await api.PatchAsync($"/api/organizations/{first}/memberships/{membershipId}", ApiClient.Resource("membership", new { status = "inactive" }));
        Assert.Equal("inactive", (await deactivated.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("status").GetString());
        var inactive = await (await api.GetAsync($"/api/organizations/{first}/memberships?filter[status]=inactive")).JsonAsync();
        Assert.Equal(membershipId, Assert.Single(inactive.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());

        var organizations = (await (await api.GetAsync($"/api/users/{user.Id}/organizations")).JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, organizations.Count);
        var roles = organizations.ToDictionary(
            o => o.GetProperty("id").GetString()!,
            o => o.GetProperty("meta").GetProperty("membership").GetProperty("relationships").GetProperty("roles").GetProperty("data").EnumerateArray().Select(r => r.GetProperty("meta").GetProperty("slug").GetString()).Order().ToList());
        Assert.Equal(["org:admin", "org:member"], roles[first]);
        Assert.Equal(["org:member"], roles[second]);

        var trail = await AuditAsync(api, membershipId);
        Assert.Contains("membership.created", trail.Keys);
        var changes = trail["membership.updated"].GetProperty("changes");
        Assert.True(changes.TryGetProperty("role_ids", out _) || changes.TryGetProperty("status", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_owners_removed_at_once_leave_one_owner(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var owner = await RoleIdAsync(api, "org:owner");
        for (var round = 0; round < 5; round++)
        {
            var organization = (await CreateAsync(api, AccessApiTests.Unique("race-"))).GetProperty("id").GetString()!;
            var memberships = new List<string>();
            foreach (var _ in Enumerable.Range(0, 2))
            {
                memberships.Add(await MemberAsync(api, organization, (await app.CreateUserAsync()).Id, owner));
            }

            // One removes the first owner, the other demotes the second: each alone is allowed.
            var answers = await Task.WhenAll(
                api.SendAsync(HttpMethod.Delete, $"/api/organizations/{organization}/memberships/{memberships[0]}"),
                api.SendAsync(HttpMethod.Delete, $"/api/organizations/{organization}/memberships/{memberships[1]}/relationships/roles",
                    JsonSerializer.Serialize(AccessApiTests.Linkage("role", owner))));

            Assert.Single(answers, a => a.IsSuccessStatusCode);
            var refused = Assert.Single(answers, a => !a.IsSuccessStatusCode);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("last_owner", await ErrorCodeAsync(refused));
            var left = (await (await api.GetAsync($"/api/organizations/{organization}/memberships")).JsonAsync()).GetProperty("data").EnumerateArray()
                .Where(m => m.GetProperty("relationships").GetProperty("roles").GetProperty("data").EnumerateArray().Any(r => r.GetProperty("id").GetString() == owner));
            Assert.Single(left);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Creating_the_same_slug_twice_at_once_creates_one_organization(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var slug = AccessApiTests.Unique("twin-");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            api.PostAsync("/api/organizations", ApiClient.Resource("organization", new { slug, name = "Twin" }))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Single((await (await api.GetAsync($"/api/organizations?filter[slug]={slug}")).JsonAsync()).GetProperty("data").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Invitations_are_listed_resent_and_revoked_and_never_show_their_token(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var api = await ApiClient.ForAsync(app);
        var organization = (await CreateAsync(api, AccessApiTests.Unique("inv-"))).GetProperty("id").GetString()!;
        var member = await RoleIdAsync(api, "org:member");
        var email = Identity.NewEmail("invitee");

        var created = await InviteAsync(api, organization, email, 3, member);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var invitation = (await created.JsonAsync()).GetProperty("data");
        var id = invitation.GetProperty("id").GetString()!;
        Assert.Equal("pending", invitation.GetProperty("attributes").GetProperty("status").GetString());
        Assert.Equal(member, invitation.GetProperty("relationships").GetProperty("roles").GetProperty("data")[0].GetProperty("id").GetString());
        var link = await Mailbox.LinkAsync(app, email, "/invitations/accept");
        var token = Mailbox.Token(link);

        var resent = await api.PostAsync($"/api/organizations/{organization}/invitations/{id}/resend", new { });
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        await app.Mailbox.WaitForAsync(email, m => m.FirstLink.Contains("/invitations/accept", StringComparison.Ordinal) && !m.FirstLink.EndsWith(token, StringComparison.Ordinal));
        var revoked = await api.PostAsync($"/api/organizations/{organization}/invitations/{id}/revoke", new { });
        Assert.Equal("revoked", (await revoked.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("status").GetString());
        var again = await api.PostAsync($"/api/organizations/{organization}/invitations/{id}/revoke", new { });
        Assert.Equal(("invitation_revoked", HttpStatusCode.UnprocessableEntity), (await ErrorCodeAsync(again), again.StatusCode));

        var listed = await (await api.GetAsync($"/api/organizations/{organization}/invitations?filter[status]=revoked")).JsonAsync();
        Assert.Equal(id, Assert.Single(listed.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        var everything = string.Concat(
            await (await api.GetAsync($"/api/organizations/{organization}/invitations")).Content.ReadAsStringAsync(),
            await (await api.GetAsync($"/api/audit-events?filter[target_id]={id}&page[size]=100")).Content.ReadAsStringAsync());
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Paylent.Application.Common.Security.Secrets.Hash(token), everything, StringComparison.Ordinal);
        Assert.Contains("invitation.resent", (await AuditAsync(api, id)).Keys);
    }
}
