using Paylent.Application.Access.Roles;
using Paylent.Application.Common;
using Paylent.Application.Organizations;
using Paylent.Application.Organizations.Contracts;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Common;
using Paylent.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;

namespace Paylent.Application.Tests.Organizations;

public sealed class MembershipUseCaseTests
{
    [Fact]
    public async Task Every_environment_starts_with_the_organization_roles()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        foreach (var environment in account.Environments)
        {
            var roles = await app.Send(new ListRoles(Search: "org:"), (account.AccountId, environment.Id));
            Assert.Equal([OrganizationRoles.Admin, OrganizationRoles.Member, OrganizationRoles.Owner], roles.Items.Select(r => r.Slug));
        }
    }

    [Fact]
    public async Task A_user_holds_different_roles_in_different_organizations()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var other = await app.Send(new CreateOrganization("globex", "Globex", null), scenario.Test);
        var ada = await scenario.CreateUserAsync("ada@example.com");
        await scenario.AddAsync(ada.Id, scenario.Roles.Admin);
        await app.Send(new AddMember(other.Id, ada.Id, MembershipStatus.Active, [scenario.Roles.Member]), scenario.Test);

        var organizations = await app.Send(new ListUserOrganizations(ada.Id), scenario.Test);

        Assert.Equal(["acme", "globex"], organizations.Items.Select(o => o.Organization.Slug));
        Assert.Equal(OrganizationRoles.Admin, Assert.Single(organizations.Items[0].Membership.Roles).Slug);
        Assert.Equal(OrganizationRoles.Member, Assert.Single(organizations.Items[1].Membership.Roles).Slug);
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_removed_nor_demoted_nor_deactivated()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var membership = (await app.Send(new ListMemberships(scenario.Organization.Id), scenario.Test)).Items.Single();
        var (org, id) = (scenario.Organization.Id, membership.Id);

        foreach (var change in new Func<Task>[]
        {
            () => app.Send(new RemoveMember(org, id), scenario.Test),
            () => app.Send(new UpdateMembership(org, id, MembershipStatus.Inactive, null), scenario.Test),
            () => app.Send(new UpdateMembership(org, id, null, [scenario.Roles.Admin]), scenario.Test),
            () => app.Send(new RemoveMembershipRoles(org, id, [scenario.Roles.Owner]), scenario.Test),
        })
        {
            Assert.Equal("last_owner", (await Assert.ThrowsAsync<DomainException>(change)).Code);
        }

        // With a second active owner, the first may go.
        var grace = await scenario.CreateUserAsync("grace@example.com");
        await scenario.AddAsync(grace.Id, scenario.Roles.Owner);
        Assert.True(await app.Send(new RemoveMember(org, id), scenario.Test));
    }

    [Fact]
    public async Task An_inactive_owner_does_not_count_as_the_remaining_owner()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var owner = (await app.Send(new ListMemberships(scenario.Organization.Id), scenario.Test)).Items.Single();
        var grace = await scenario.CreateUserAsync("grace@example.com");
        await app.Send(new AddMember(scenario.Organization.Id, grace.Id, MembershipStatus.Inactive, [scenario.Roles.Owner]), scenario.Test);

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new RemoveMember(scenario.Organization.Id, owner.Id), scenario.Test));

        Assert.Equal("last_owner", error.Code);
    }

    [Fact]
    public async Task The_owner_role_cannot_be_deleted_and_a_deleted_role_leaves_every_membership()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var ada = await scenario.CreateUserAsync("ada@example.com");
        var viewer = await app.Send(new CreateRole("viewer", "Viewer", null, null, false), scenario.Test);
        var membership = await scenario.AddAsync(ada.Id, viewer.Id, scenario.Roles.Member);

        Assert.Equal("role_in_use", (await Assert.ThrowsAsync<DomainException>(() => app.Send(new DeleteRole(scenario.Roles.Owner), scenario.Test))).Code);
        await app.Send(new DeleteRole(viewer.Id), scenario.Test);

        var after = await app.Send(new GetMembership(scenario.Organization.Id, membership.Id), scenario.Test);
        Assert.Equal(OrganizationRoles.Member, Assert.Single(after.Roles).Slug);
        Assert.Contains(await app.AllAuditEvents(), e => e.Action == "membership.updated" && e.Targets.First().Id == membership.Id.ToString());
    }

    [Fact]
    public async Task Another_environments_user_role_or_organization_is_not_found_here()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var live = scenario.Account.In("production");
        var stranger = await OrganizationScenario.CreateUserAsync(app, live, "stranger@example.com");
        var liveRoles = await OrganizationRoleIds.ReadAsync(app, live);
        var ada = await scenario.CreateUserAsync("ada@example.com");

        Assert.Equal("user", (await Assert.ThrowsAsync<NotFoundException>(() => scenario.AddAsync(stranger.Id))).Resource);
        Assert.Equal("role", (await Assert.ThrowsAsync<NotFoundException>(() => scenario.AddAsync(ada.Id, liveRoles.Owner))).Resource);
        Assert.Equal("organization", (await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new GetOrganization(scenario.Organization.Id), live))).Resource);
    }

    [Fact]
    public async Task Token_issuance_reads_an_active_membership_by_id_or_slug_and_nothing_for_an_inactive_one()
    {
        var scenario = await OrganizationScenario.StartAsync();
        await using var app = scenario.App;
        var ada = await scenario.CreateUserAsync("ada@example.com");
        var membership = await scenario.AddAsync(ada.Id, scenario.Roles.Admin);

        async Task<OrganizationMembership?> Find(string organization) =>
            await app.InScope(scenario.Test, services => services.GetRequiredService<IOrganizationMemberships>().FindActiveAsync(ada.Id, organization, CancellationToken.None));

        var bySlug = await Find("acme");
        Assert.Equal((scenario.Organization.Id, "acme"), (bySlug!.OrganizationId, bySlug.Slug));
        Assert.Equal([scenario.Roles.Admin], bySlug.RoleIds);
        Assert.Equal(scenario.Organization.Id, (await Find(scenario.Organization.Id.ToString()))!.OrganizationId);
        Assert.Null(await Find("globex"));

        await app.Send(new UpdateMembership(scenario.Organization.Id, membership.Id, MembershipStatus.Inactive, null), scenario.Test);
        Assert.Null(await Find("acme"));
    }
}
