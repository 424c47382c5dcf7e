using System.Net;
using Paylent.Application.Access.Roles;
using Paylent.Application.Audit;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Domain.Organizations;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>The account page's organizations: what the user belongs to, and leaving one (unless the user is its last owner).</summary>
[Collection(AppsCollection.Name)]
public sealed class AccountOrganizationTests(Apps apps)
{
    private static async Task<(HostedClient Browser, Guid UserId)> SignedInMemberAsync(PaylentApp app, Guid organizationId, string roleSlug)
    {
        var user = await app.CreateUserAsync();
        var role = Assert.Single((await app.SendAsync("test", new ListRoles(Slug: roleSlug))).Items).Id;
        await app.SendAsync("test", new AddMember(organizationId, user.Id, MembershipStatus.Active, [role]));
        var browser = HostedClient.For(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.Email, Identity.Password)).StatusCode);
        return (browser, user.Id);
    }

    private static Task<OrganizationDto> CreateAsync(PaylentApp app, string environment = "test") =>
        app.SendAsync(environment, new CreateOrganization($"org-{Guid.NewGuid():N}"[..20], "Acme", null));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_member_sees_the_organization_and_leaves_it_after_confirming_and_it_is_audited(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var organization = await CreateAsync(app);
        var (browser, userId) = await SignedInMemberAsync(app, organization.Id, "org:admin");

        var account = await browser.PageAsync("/account");
        var row = account.QuerySelector($"[data-testid=organization][data-organization='{organization.Slug}']");
        Assert.NotNull(row);
        Assert.Contains("org:admin", row.TextContent, StringComparison.Ordinal);
        var confirm = await browser.PageAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal("Leave Acme?", confirm.QuerySelector("h1")?.TextContent);
        var left = await FormPost.Read(confirm).SendAsync(browser.Http);

        Assert.Equal(HttpStatusCode.Redirect, left.StatusCode);
        var after = await browser.PageAsync(left.Headers.Location!.OriginalString);
        Assert.Equal("You left the organization.", after.QuerySelector("[data-testid=flash]")?.TextContent);
        Assert.NotNull(after.QuerySelector("[data-testid=no-organizations]"));
        Assert.Empty((await app.SendAsync("test", new ListMemberships(organization.Id, UserId: userId))).Items);
        var events = await app.SendAsync("test", new ListAuditEvents(Action: "membership.deleted"));
        Assert.Contains(events.Items, e => e.Actor.Id == userId.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_last_owner_cannot_leave_and_is_told_why(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var organization = await CreateAsync(app);
        var (browser, userId) = await SignedInMemberAsync(app, organization.Id, "org:owner");

        var refused = await FormPost.Read(await browser.PageAsync($"/account/organizations/{organization.Id}/leave")).SendAsync(browser.Http);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(
            ["You are the organization's last owner, so you cannot leave it. Ask an admin to make another member owner first."],
            Html.Errors(await Html.ParseAsync(refused)).Select(e => e.Trim()));
        Assert.Single((await app.SendAsync("test", new ListMemberships(organization.Id, UserId: userId))).Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_organization_the_user_is_not_in_or_of_another_environment_is_not_found(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var mine = await CreateAsync(app);
        var other = await CreateAsync(app);
        var production = await CreateAsync(app, "production");
        var (browser, _) = await SignedInMemberAsync(app, mine.Id, "org:member");
        var token = Html.AntiforgeryToken(await browser.PageAsync($"/account/organizations/{mine.Id}/leave"));

        foreach (var id in new[] { other.Id, production.Id, Guid.NewGuid() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/account/organizations/{id}/leave")).StatusCode);
            var post = await browser.Http.PostAsync($"/account/organizations/{id}/leave",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        var forged = await browser.Http.PostAsync($"/account/organizations/{mine.Id}/leave", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Single((await app.SendAsync("test", new ListMemberships(mine.Id))).Items);
    }
}
