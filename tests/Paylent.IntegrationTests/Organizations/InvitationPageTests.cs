using System.Net;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using static Paylent.IntegrationTests.Organizations.OrganizationApi;

namespace Paylent.IntegrationTests.Organizations;

/// <summary>
/// Accepting an invitation as the invitee does: the email from the pickup folder, the hosted page it
/// links to, and the membership that results, on both database providers.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class InvitationPageTests(Apps apps)
{
    private static async Task<(ApiClient Api, string Organization, string Role, string Link)> InviteAsync(PaylentApp app, string email)
    {
        var api = await ApiClient.ForAsync(app);
        var organization = (await CreateAsync(api, AccessApiTests.Unique("page-"))).GetProperty("id").GetString()!;
        var role = await RoleIdAsync(api, "org:admin");
        Assert.Equal(HttpStatusCode.Created, (await OrganizationApi.InviteAsync(api, organization, email, null, role)).StatusCode);
        return (api, organization, role, await Mailbox.LinkAsync(app, email, "/invitations/accept"));
    }

    private static async Task<List<string?>> MemberRolesAsync(ApiClient api, string organization, Guid userId)
    {
        var memberships = await (await api.GetAsync($"/api/organizations/{organization}/memberships?filter[user_id]={userId}")).JsonAsync();
        return [.. memberships.GetProperty("data").EnumerateArray()
            .SelectMany(m => m.GetProperty("relationships").GetProperty("roles").GetProperty("data").EnumerateArray())
            .Select(r => r.GetProperty("id").GetString())];
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_person_signs_up_from_the_invitation_verified_and_becomes_a_member_with_the_roles(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = HostedClient.NewEmail();
        var (api, organization, role, link) = await InviteAsync(app, email);

        // A mail scanner opens the link first: a page, and nothing spent.
        var scanned = await new HostedClient(app.Client()).PageAsync(link);
        Assert.Contains("Join Org page-", scanned.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        var browser = HostedClient.For(app);
        var form = FormPost.Read(await browser.PageAsync(link));
        Assert.Equal("/invitations/accept/sign-up", form.Action);
        var joined = await form.Set("Password", HostedClient.Password).SendAsync(browser.Http);

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal("Invitation accepted", (await Html.ParseAsync(joined)).QuerySelector("h1")?.TextContent);
        var user = await app.SendAsync("test", new ListUsers(Email: email));
        var created = Assert.Single(user.Items);
        Assert.True(created.EmailVerified);
        Assert.Equal([role], await MemberRolesAsync(api, organization, created.Id));
        Assert.Equal(1, await Mailbox.QueuedAsync(app, email));
        Assert.Equal(HttpStatusCode.OK, (await browser.AccountAsync()).StatusCode);

        // Single use: the same link now shows it was accepted.
        Assert.Contains("already accepted", (await browser.PageAsync(link)).QuerySelector("main")?.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_existing_user_signs_in_and_accepts_with_the_button_and_only_the_invited_address_can(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = HostedClient.NewEmail();
        var invitee = await app.SendAsync("test", new CreateUser(new UserProfile(email, null, "Ada", null, EmailVerified: true), HostedClient.Password));
        var (api, organization, role, link) = await InviteAsync(app, email);

        var stranger = HostedClient.For(app);
        await stranger.SignInAsync(await Identity.CreateUserAsync(app, password: HostedClient.Password) is { } other ? other.Email : null!);
        var refused = await FormPost.Read(await stranger.PageAsync(link)).SendAsync(stranger.Http);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("sent to another email address", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await MemberRolesAsync(api, organization, invitee.Id));

        var browser = HostedClient.For(app);
        var signIn = (await browser.PageAsync(link)).QuerySelector("main a[role=button]")?.GetAttribute("href");
        Assert.StartsWith("/sign-in?returnUrl=", signIn, StringComparison.Ordinal);
        var signedIn = await browser.SubmitAsync(signIn!, ("Email", email), ("Password", HostedClient.Password));
        Assert.Equal(link, signedIn.Headers.Location?.OriginalString);
        var joined = await FormPost.Read(await browser.PageAsync(link)).SendAsync(browser.Http);

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal([role], await MemberRolesAsync(api, organization, invitee.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_or_unknown_invitation_link_shows_why_and_changes_nothing(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = HostedClient.NewEmail();
        var (api, organization, _, link) = await InviteAsync(app, email);
        var invitations = await (await api.GetAsync($"/api/organizations/{organization}/invitations")).JsonAsync();
        var id = invitations.GetProperty("data")[0].GetProperty("id").GetString();
        var browser = HostedClient.For(app);
        var form = FormPost.Read(await browser.PageAsync(link));
        await api.PostAsync($"/api/organizations/{organization}/invitations/{id}/revoke", new { });

        Assert.Contains("withdrawn", (await browser.PageAsync(link)).QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        var late = await form.Set("Password", HostedClient.Password).SendAsync(browser.Http);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Empty((await app.SendAsync("test", new ListUsers(Email: email))).Items);
        Assert.Contains("cannot be used", (await browser.PageAsync("/invitations/accept?token=not-a-real-token")).QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
    }
}
