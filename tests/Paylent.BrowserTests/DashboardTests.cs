using Microsoft.Playwright;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>The dashboard as an admin uses it: a real server, a real browser, htmx doing its work.</summary>
public sealed class DashboardTests(Browser browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Admin_signs_in_on_the_overview_reads_filters_and_pages_the_audit_log_and_switches_environment()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(new Uri(App.Url(), "/sign-in").ToString());
        await page.GetByLabel("Email").FillAsync(PaylentApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(PaylentApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync("**/environments/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true })).ToBeVisibleAsync();
        await page.GetByTestId("sidebar").GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await page.WaitForURLAsync("**/environments/*/audit-events");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-events]")).ToContainTextAsync("environment.created");

        // Filtering goes through htmx: only the results swap, and the URL records the filter.
        await page.GetByLabel("Action").FillAsync("nothing.happened");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-empty]")).ToBeVisibleAsync();
        await page.WaitForURLAsync("**action=nothing.happened**");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();

        await page.GetByLabel("Action").FillAsync("environment.created");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-events]")).ToContainTextAsync("environment.created");

        await page.Locator("[data-testid=environment-switcher] summary").ClickAsync();
        var other = page.Url.Contains("/environments/test/", StringComparison.Ordinal) ? "production" : "test";
        await page.Locator("[data-testid=environment-switcher]").GetByRole(AriaRole.Link, new() { Name = other }).ClickAsync();
        await page.WaitForURLAsync($"**/environments/{other}/audit-events");
        await Assertions.Expect(page.Locator("[data-testid=environment-switcher] summary")).ToContainTextAsync(other);

        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "audit-log.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in");
    }

    [Fact]
    public async Task Admin_opens_their_sessions_sees_this_browser_marked_and_revoking_it_signs_out()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(App.Url(), "/sign-in").ToString());
        await page.GetByLabel("Email").FillAsync(PaylentApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(PaylentApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/environments/*");

        await page.Locator("[data-testid=admin-sessions-link]").ClickAsync();
        await page.WaitForURLAsync("**/sessions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your sessions" })).ToBeVisibleAsync();
        var current = page.Locator("[data-testid=admin-sessions] tr[aria-current=true]");
        await Assertions.Expect(current.Locator("[data-testid=current-session]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "admin-sessions.png"), FullPage = true });
        await page.Locator("[data-testid=home-link]").ClickAsync();
        await page.WaitForURLAsync("**/environments/*");
        await page.GoBackAsync();

        await current.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in");
        await page.GotoAsync(new Uri(App.Url(), "/sessions").ToString());
        await page.WaitForURLAsync("**/sign-in?ReturnUrl=*");
    }

    [Fact]
    public async Task A_wrong_password_shows_a_message_on_the_form()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(new Uri(App.Url(), "/sign-in").ToString());
        await page.GetByLabel("Email").FillAsync(PaylentApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is incorrect.");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveValueAsync(PaylentApp.AdminEmail);
        await Assertions.Expect(page.GetByLabel("Password")).ToHaveValueAsync(string.Empty);
    }

    [Fact]
    public async Task An_environment_host_serves_its_health_and_not_the_dashboard()
    {
        var page = await NewPageAsync();

        var health = await page.GotoAsync(new Uri(App.Url("demo-test.localhost"), "/readyz").ToString());
        Assert.Equal(200, health!.Status);
        var dashboard = await page.GotoAsync(new Uri(App.Url("demo-test.localhost"), "/environments/test/audit-events").ToString());
        Assert.Equal(404, dashboard!.Status);
        var unknown = await page.GotoAsync(new Uri(App.Url("nope-test.localhost"), "/").ToString());
        Assert.Equal(404, unknown!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Unknown host");
    }

}
