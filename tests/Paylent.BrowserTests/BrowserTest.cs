using Microsoft.Playwright;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>
/// A browser test: Chromium shared by the class, a fresh Paylent on a real loopback port per test
/// (dropped afterwards), and pages in their own browser contexts.
/// </summary>
public abstract class BrowserTest(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    protected PaylentApp App { get; private set; } = null!;

    /// <summary>Settings of the test class's own, over the test defaults (a test DNS server, say).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => App = await PaylentApp.StartListeningAsync(DatabaseProvider.Sqlite, Settings);

    public async Task DisposeAsync() => await App.DisposeAsync();

    protected async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>A page with the bootstrap admin signed in (landing on the first environment's overview), then on the <c>test</c> environment's audit log.</summary>
    protected async Task<IPage> SignedInPageAsync(int width = 1280)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync(new Uri(App.Url(), "/sign-in").ToString());
        await page.GetByLabel("Email").FillAsync(PaylentApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(PaylentApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(App.Url(), "/environments/test/audit-events").ToString());
        return page;
    }
}
