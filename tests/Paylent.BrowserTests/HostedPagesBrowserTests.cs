using Microsoft.Playwright;

namespace Paylent.BrowserTests;

/// <summary>The hosted end-user pages on an environment host, used with the keyboard as a new user would.</summary>
public sealed class HostedPagesBrowserTests(Browser browser) : BrowserTest(browser)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_visitor_signs_up_sees_the_account_page_signs_out_and_signs_in_again()
    {
        var page = await NewPageAsync();
        var email = $"browser-{Guid.NewGuid():N}@example.com";

        await page.GotoAsync(new Uri(App.Url("demo-test.localhost"), "/sign-up").ToString());
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("First name (optional)").FillAsync("Ada");
        await page.GetByLabel("Last name (optional)").FillAsync("Lovelace");
        await page.GetByLabel("Last name (optional)").PressAsync("Enter");

        await page.WaitForURLAsync("**/account");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=email]")).ToHaveTextAsync(email);
        await Assertions.Expect(page.Locator("[data-testid=email-status]")).ToHaveTextAsync("not confirmed");
        await Assertions.Expect(page.Locator("[data-testid=current-session]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "hosted-account.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are signed out" })).ToBeVisibleAsync();

        await page.GotoAsync(new Uri(App.Url("demo-test.localhost"), "/account").ToString());
        await page.WaitForURLAsync("**/sign-in?returnUrl=%2Faccount");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Password", new() { Exact = true }).PressAsync("Enter");
        await page.WaitForURLAsync("**/account");
        await Assertions.Expect(page.Locator("[data-testid=email]")).ToHaveTextAsync(email);
    }

    [Fact]
    public async Task Invalid_sign_up_input_focuses_an_error_summary_that_links_to_the_field()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(new Uri(App.Url("demo-test.localhost"), "/sign-up").ToString());
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("not an email");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("A password is at least 8 characters.");
        await Assertions.Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await summary.GetByRole(AriaRole.Link, new() { Name = "A password is at least 8 characters." }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Password", new() { Exact = true })).ToBeFocusedAsync();
    }
}
