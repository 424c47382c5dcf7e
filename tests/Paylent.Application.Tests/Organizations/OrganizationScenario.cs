using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Roles;
using Paylent.Application.Identity.Users;
using Paylent.Application.Organizations;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Application.Tenancy;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Identity;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Tests.Organizations;

/// <summary>An account whose <c>test</c> environment has the organization <c>acme</c>, owned by a verified user.</summary>
internal sealed record OrganizationScenario(ApplicationHarness App, CreatedAccount Account, OrganizationDto Organization, UserDto Owner, OrganizationRoleIds Roles)
{
    public const string BaseUrl = "https://acme-test.localhost";

    public (Guid AccountId, Guid EnvironmentId) Test => Account.In("test");

    public static async Task<OrganizationScenario> StartAsync(TimeProvider? clock = null)
    {
        var app = await ApplicationHarness.StartAsync(clock: clock);
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var roles = await OrganizationRoleIds.ReadAsync(app, test);
        var organization = await app.Send(new CreateOrganization("acme", "Acme", null), test);
        var owner = await CreateUserAsync(app, test, "owner@example.com");
        var scenario = new OrganizationScenario(app, account, organization, owner, roles);
        await scenario.AddAsync(owner.Id, roles.Owner);
        return scenario;
    }

    public static Task<UserDto> CreateUserAsync(ApplicationHarness app, (Guid, Guid) environment, string email, bool verified = true) =>
        app.Send(new CreateUser(new UserProfile(email, null, null, null, verified), null), environment);

    public Task<UserDto> CreateUserAsync(string email, bool verified = true) => CreateUserAsync(App, Test, email, verified);

    public Task<MembershipDto> AddAsync(Guid userId, params Guid[] roleIds) =>
        App.Send(new AddMember(Organization.Id, userId, MembershipStatus.Active, roleIds), Test);
}

/// <summary>The seeded organization roles' ids in one environment.</summary>
internal sealed record OrganizationRoleIds(Guid Owner, Guid Admin, Guid Member)
{
    public static async Task<OrganizationRoleIds> ReadAsync(ApplicationHarness app, (Guid, Guid) environment)
    {
        var roles = await app.Send(new ListRoles(Search: "org:"), environment);
        Guid Id(string slug) => roles.Items.Single(r => r.Slug == slug).Id;
        return new OrganizationRoleIds(Id(OrganizationRoles.Owner), Id(OrganizationRoles.Admin), Id(OrganizationRoles.Member));
    }
}
