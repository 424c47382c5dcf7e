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
    /// <summary>
    /// Playwright's defaults (5 s for an assertion, 30 s for an action or a navigation) are for a machine
    /// that does one thing. The test command runs every test project at once on as few as 2 cores, the
    /// integration tests beside these (two Paylent instances, PostgreSQL, Pebble and node at times), and
    /// a page that takes 6 s there is the machine, not Paylent: two walks through the dashboard failed
    /// that way, and passed alone. What is asserted stays the same.
    /// </summary>
    private static readonly TimeSpan ExpectTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(90);

    static BrowserTest() => Assertions.SetDefaultExpectTimeout((float)ExpectTimeout.TotalMilliseconds);

    protected PaylentApp App { get; private set; } = null!;

    /// <summary>Settings of the test class's own, over the test defaults (a test DNS server, say).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => App = await PaylentApp.StartListeningAsync(DatabaseProvider.Sqlite, Settings);

    public async Task DisposeAsync() => await App.DisposeAsync();

    protected async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
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
