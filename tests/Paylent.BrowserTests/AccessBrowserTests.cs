using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Paylent.Application.Access.Checks;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>An admin defines permissions and composite roles, picks permissions by search, and gives a role to a user and to a service account.</summary>
public sealed class AccessBrowserTests(Browser browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Admin_defines_permissions_and_a_composite_role_and_gives_it_to_a_user_and_a_service_account()
    {
        var user = await App.SendAsync("test", new CreateUser(new UserProfile("ada@example.com", null, "Ada", "Lovelace"), null));
        var page = await SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Roles", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Permissions" }).ClickAsync();
        foreach (var slug in new[] { "invoices:read", "invoices:write", "reports:read" })
        {
            await page.GetByTestId("permission-slug").FillAsync(slug);
            await page.GetByTestId("create-permission").ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The permission was created.");
        }

        await page.GetByTestId("permission-slug").FillAsync("Invoices:Read");
        await page.GetByTestId("create-permission").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("A permission slug is");

        await CreateRoleAsync(page, "reader", "Reader");
        await PickAsync(page, "rep", "reports:read");
        await CreateRoleAsync(page, "ROLE_BILLING", "Billing");
        await PickAsync(page, "invoices", "invoices:read", "invoices:write");
        await page.GetByTestId("include-role").SelectOptionAsync(new SelectOptionValue { Label = "reader" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Include role" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("included-roles")).ToContainTextAsync("reader");

        // Including ROLE_BILLING in reader would be a cycle: the page does not even offer it.
        await page.GetByTestId("included-roles").GetByRole(AriaRole.Link, new() { Name = "reader" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("include-role").Locator("option", new() { HasText = "ROLE_BILLING" })).ToHaveCountAsync(0);

        await page.GotoAsync($"{page.Url[..page.Url.IndexOf("/environments/", StringComparison.Ordinal)]}/environments/test/users/{user.Id}");
        await page.GetByTestId("assign-role").SelectOptionAsync(new SelectOptionValue { Label = "ROLE_BILLING" });
        await page.GetByTestId("assign-role-button").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The roles were changed.");
        await Assertions.Expect(page.GetByTestId("subject-roles")).ToContainTextAsync("ROLE_BILLING");

        var check = await App.SendAsync("test", new CheckPermission(user.Id, null, "reports:read"));
        Assert.True(check.Allowed);
        Assert.Equal(["reader"], check.Via);

        var client = await App.CreateClientAsync();
        await page.GotoAsync($"{page.Url[..page.Url.IndexOf("/environments/", StringComparison.Ordinal)]}/environments/test/oauth-clients/{client.Client.Id}");
        await page.GetByTestId("assign-role").SelectOptionAsync(new SelectOptionValue { Label = "reader" });
        await page.GetByTestId("assign-role-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("subject-roles")).ToContainTextAsync("reader");
        Assert.True((await App.SendAsync("test", new CheckPermission(null, client.Client.ClientId, "reports:read"))).Allowed);
    }

    private static async Task CreateRoleAsync(IPage page, string slug, string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Roles", Exact = true }).First.ClickAsync();
        await page.GetByTestId("new-role").ClickAsync();
        await page.GetByTestId("role-slug").FillAsync(slug);
        await page.GetByTestId("role-name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create role" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("role-slug")).ToHaveTextAsync(slug);
    }

    /// <summary>The picker's search swaps only the candidates (htmx); the ticked ones are added.</summary>
    private static async Task PickAsync(IPage page, string search, params string[] slugs)
    {
        await page.GetByTestId("permission-search").FillAsync(search);
        await Assertions.Expect(page.GetByTestId("permission-picker").Locator("label")).ToHaveCountAsync(slugs.Length);
        foreach (var slug in slugs)
        {
            await page.GetByTestId("permission-picker").GetByLabel(new Regex(Regex.Escape(slug))).CheckAsync();
        }

        await page.GetByTestId("add-permissions").ClickAsync();
        foreach (var slug in slugs)
        {
            await Assertions.Expect(page.GetByTestId("role-permissions")).ToContainTextAsync(slug);
        }
    }
}
