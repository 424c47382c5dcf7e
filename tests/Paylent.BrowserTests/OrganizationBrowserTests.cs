using Microsoft.Playwright;
using Paylent.Application.Access.Roles;
using Paylent.Application.Identity.Users;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Domain.Identity;
using Paylent.Domain.Organizations;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>
/// Organizations as an admin and the people invited use them: the dashboard's organization page, the
/// invitation email in the pickup folder, the hosted accept page, and the account page.
/// </summary>
public sealed class OrganizationBrowserTests(Browser browser) : BrowserTest(browser)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Admin_invites_a_new_person_who_signs_up_from_the_email_and_shows_as_a_member_with_the_role()
    {
        var admin = await SignedInPageAsync();
        await admin.GetByTestId("sidebar").GetByRole(AriaRole.Link, new() { Name = "Organizations", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("organizations-empty")).ToBeVisibleAsync();
        await admin.GetByTestId("new-organization").ClickAsync();
        await admin.GetByTestId("organization-slug").FillAsync("acme");
        await admin.GetByTestId("organization-name").FillAsync("Acme Corp");
        await admin.GetByTestId("organization-metadata").FillAsync("{\"plan\": ");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("Metadata must be a JSON object");
        await admin.GetByTestId("organization-metadata").FillAsync("{\"plan\": \"pro\"}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("organization-name")).ToHaveTextAsync("Acme Corp");

        var email = $"new-{Guid.NewGuid():N}@example.com";
        await InviteAsync(admin, email, "org:admin");
        await Assertions.Expect(admin.GetByTestId("flash")).ToHaveTextAsync("The invitation is on its way by email.");
        await Assertions.Expect(Invitation(admin, email).GetByTestId("invitation-status")).ToHaveTextAsync("pending");

        var message = await App.Mailbox.WaitForAsync(email);
        Assert.StartsWith(new Uri(App.Url("demo-test.localhost"), "/invitations/accept?token=").ToString(), message.FirstLink, StringComparison.Ordinal);
        var invitee = await NewPageAsync();
        await invitee.GotoAsync(message.FirstLink);
        await Assertions.Expect(invitee.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Join Acme Corp");
        await Assertions.Expect(invitee.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync(email);
        await invitee.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Create account and join" }).ClickAsync();
        await Assertions.Expect(invitee.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Invitation accepted");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Go to your account" }).ClickAsync();
        await Assertions.Expect(invitee.Locator("[data-testid=organization][data-organization=acme]")).ToContainTextAsync("org:admin");
        await Assertions.Expect(invitee.GetByTestId("email-status")).ToHaveTextAsync("confirmed");

        await admin.ReloadAsync();
        var member = admin.Locator($"[data-testid=members] tr[data-member='{email}']");
        await Assertions.Expect(member.GetByTestId("member-roles")).ToHaveTextAsync("org:admin");
        await Assertions.Expect(member.GetByTestId("member-status")).ToHaveTextAsync("active");
        await Assertions.Expect(Invitation(admin, email).GetByTestId("invitation-status")).ToHaveTextAsync("accepted");

        // The member's own page in the dashboard links back to the organization.
        await member.GetByRole(AriaRole.Link, new() { Name = email, Exact = true }).ClickAsync();

        // The user page's roles section, rendered with the page since a section loaded after it moved this
        // link while it was clicked (UserPageStabilityBrowserTests); the click still waits for it.
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Give role" })).ToBeVisibleAsync();
        await admin.GetByTestId("user-organizations").GetByRole(AriaRole.Link, new() { Name = "Acme Corp" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("organization-slug")).ToHaveTextAsync("acme");
    }

    [Fact]
    public async Task An_existing_user_accepts_after_a_resend_and_a_revoked_invitation_link_no_longer_works()
    {
        var organization = await App.SendAsync("test", new CreateOrganization("globex", "Globex", null));
        var existing = $"ada-{Guid.NewGuid():N}@example.com";
        await App.SendAsync("test", new CreateUser(new UserProfile(existing, null, "Ada", null, EmailVerified: true), Password));
        var revokee = $"bob-{Guid.NewGuid():N}@example.com";
        var admin = await SignedInPageAsync();
        await admin.GotoAsync(new Uri(App.Url(), $"/environments/test/organizations/{organization.Id}").ToString());
        await InviteAsync(admin, existing, "org:member");
        await InviteAsync(admin, revokee, "org:member");
        var first = (await App.Mailbox.WaitForAsync(existing)).FirstLink;
        var revokedLink = (await App.Mailbox.WaitForAsync(revokee)).FirstLink;

        await Invitation(admin, existing).GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("flash")).ToContainTextAsync("sent again with a new link");
        var second = (await App.Mailbox.WaitForAsync(existing, m => m.FirstLink != first)).FirstLink;
        await Invitation(admin, revokee).GetByRole(AriaRole.Link, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Revoke the invitation to {revokee}?");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Revoke invitation" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("flash")).ToHaveTextAsync("The invitation was revoked; its link no longer works.");
        await Assertions.Expect(Invitation(admin, revokee).GetByTestId("invitation-status")).ToHaveTextAsync("revoked");
        await Assertions.Expect(Invitation(admin, revokee).GetByRole(AriaRole.Button, new() { Name = "Resend" })).ToHaveCountAsync(0);

        var invitee = await NewPageAsync();
        await invitee.GotoAsync(revokedLink);
        await Assertions.Expect(invitee.GetByRole(AriaRole.Alert)).ToContainTextAsync("This invitation was withdrawn.");
        await invitee.GotoAsync(first);
        await Assertions.Expect(invitee.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This invitation cannot be used");
        await invitee.GotoAsync(second);
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Sign in to accept" }).ClickAsync();
        await invitee.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await Assertions.Expect(invitee.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync(existing);
        await invitee.GetByLabel("Password", new() { Exact = true }).PressAsync("Enter");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
        await Assertions.Expect(invitee.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Invitation accepted");

        await admin.ReloadAsync();
        await Assertions.Expect(admin.Locator($"[data-testid=members] tr[data-member='{existing}'] [data-testid=member-roles]")).ToHaveTextAsync("org:member");
        await Assertions.Expect(Invitation(admin, existing).GetByTestId("invitation-status")).ToHaveTextAsync("accepted");
    }

    [Fact]
    public async Task The_account_page_lists_the_organization_a_member_leaves_it_and_the_last_owner_cannot()
    {
        var organization = await App.SendAsync("test", new CreateOrganization("initech", "Initech", null));
        var owner = await MemberAsync(organization.Id, "org:owner");
        var member = await MemberAsync(organization.Id, "org:member");

        var ownerPage = await SignedInAccountAsync(owner);
        var row = ownerPage.Locator("[data-testid=organization][data-organization=initech]");
        await Assertions.Expect(row).ToContainTextAsync("Initech");
        await Assertions.Expect(row).ToContainTextAsync("org:owner");
        await row.GetByRole(AriaRole.Button, new() { Name = "Leave Initech" }).ClickAsync();
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = "Leave organization" }).ClickAsync();
        await Assertions.Expect(ownerPage.GetByTestId("error-summary")).ToContainTextAsync("You are the organization's last owner, so you cannot leave it.");

        var memberPage = await SignedInAccountAsync(member);
        await memberPage.Locator("[data-testid=organization][data-organization=initech]").GetByRole(AriaRole.Button, new() { Name = "Leave Initech" }).ClickAsync();
        await Assertions.Expect(memberPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Leave Initech?");
        await memberPage.GetByRole(AriaRole.Button, new() { Name = "Leave organization" }).ClickAsync();
        await Assertions.Expect(memberPage.GetByTestId("flash")).ToHaveTextAsync("You left the organization.");
        await Assertions.Expect(memberPage.GetByTestId("no-organizations")).ToBeVisibleAsync();

        var admin = await SignedInPageAsync();
        await admin.GotoAsync(new Uri(App.Url(), $"/environments/test/organizations/{organization.Id}").ToString());
        await Assertions.Expect(admin.Locator("[data-testid=members] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator($"[data-testid=members] tr[data-member='{owner}']")).ToBeVisibleAsync();
    }

    private static ILocator Invitation(IPage page, string email) => page.Locator($"[data-testid=invitations] tr[data-invitation='{email}']");

    private static async Task InviteAsync(IPage admin, string email, string role)
    {
        await admin.GetByTestId("invite-toggle").ClickAsync();
        await admin.GetByTestId("invite-email").FillAsync(email);
        await admin.GetByTestId("invite-roles-picker").GetByLabel(role).CheckAsync();
        await admin.GetByTestId("send-invitation").ClickAsync();
        await Assertions.Expect(Invitation(admin, email)).ToBeVisibleAsync();
    }

    private async Task<string> MemberAsync(Guid organizationId, string role)
    {
        var email = $"{role.Replace(':', '-')}-{Guid.NewGuid():N}@example.com";
        var user = await App.SendAsync("test", new CreateUser(new UserProfile(email, null, "Ada", null, EmailVerified: true), Password));
        var roleId = (await App.SendAsync("test", new ListRoles(Slug: role))).Items.Single().Id;
        await App.SendAsync("test", new AddMember(organizationId, user.Id, MembershipStatus.Active, [roleId]));
        return email;
    }

    private async Task<IPage> SignedInAccountAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(App.Url("demo-test.localhost"), "/account").ToString());
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Password", new() { Exact = true }).PressAsync("Enter");
        await page.WaitForURLAsync("**/account");
        return page;
    }
}
