using Microsoft.Playwright;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>A fresh browser context with the bootstrap admin signed in, on the <c>test</c> environment's audit log.</summary>
public static class SignedIn
{
    public static async Task<IPage> PageAsync(Browser browser, PaylentApp app)
    {
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.Url(), "/sign-in").ToString());
        await page.GetByLabel("Email").FillAsync(PaylentApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(PaylentApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(app.Url(), "/environments/test/audit-events").ToString());
        return page;
    }
}
