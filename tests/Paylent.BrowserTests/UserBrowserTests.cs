using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Paylent.Application.Identity.Sessions;
using Paylent.Domain.Identity;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>An admin looks after an end user: create, find, edit, disable, end a session, delete.</summary>
public sealed class UserBrowserTests(Browser browser) : BrowserTest(browser)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Admin_creates_searches_edits_disables_revokes_a_session_and_deletes_a_user()
    {
        var page = await SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("grace@example.com");
        await page.GetByLabel("Given name").FillAsync("Grace");
        await page.GetByLabel("Family name").FillAsync("Hopper");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The user was created.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "grace@example.com" })).ToBeVisibleAsync();

        // The search swaps only the results (htmx) and records the query in the address.
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Searchbox).FillAsync("nobody");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-empty")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Searchbox).FillAsync("gra");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        // Polled, not awaited as a navigation: htmx records the query with pushState, which fires no load event.
        await Assertions.Expect(page.GetByTestId("users").GetByRole(AriaRole.Link, new() { Name = "grace@example.com" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("search=gra"));
        await page.GetByTestId("users").GetByRole(AriaRole.Link, new() { Name = "grace@example.com" }).ClickAsync();

        await page.GetByLabel("Family name").FillAsync("Murray Hopper");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The user was saved.");
        await Assertions.Expect(page.GetByLabel("Family name")).ToHaveValueAsync("Murray Hopper");

        var userId = Guid.Parse(new Regex("/users/([0-9a-f-]{36})").Match(page.Url).Groups[1].Value);
        var session = (await App.SendAsync("test", new SignInWithPassword("grace@example.com", Password, new SessionClient("198.51.100.4", "Grace's browser")))).Session!;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sessions" }).ClickAsync();
        var row = page.Locator($"tr[data-session='{session.SessionId}']");
        await Assertions.Expect(row).ToContainTextAsync("198.51.100.4");
        await row.GetByRole(AriaRole.Link, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToContainTextAsync("Revoke this session");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke session" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The session was revoked.");
        await Assertions.Expect(row.GetByTestId("session-status")).ToHaveTextAsync("revoked");
        Assert.Null(await App.SendAsync("test", new AuthenticateSession(session.Token)));

        await page.GetByRole(AriaRole.Link, new() { Name = "grace@example.com" }).ClickAsync();
        await page.GetByLabel("Disabled").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The user was saved.");
        await Assertions.Expect(page.GetByRole(AriaRole.Main).GetByTestId("user-status")).ToHaveTextAsync("disabled");
        Assert.Equal(UserStatus.Disabled, (await App.SendAsync("test", new Application.Identity.Users.GetUser(userId))).Status);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "user-details.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Delete grace@example.com?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The user was deleted.");
        await Assertions.Expect(page.GetByTestId("users-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_bad_email_is_shown_beside_the_field_and_in_the_summary()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync(new Uri(App.Url(), "/environments/test/users/new").ToString());

        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("not-an-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter a valid email address, like name@example.com.");
        await Assertions.Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("not-an-email");
    }
}
