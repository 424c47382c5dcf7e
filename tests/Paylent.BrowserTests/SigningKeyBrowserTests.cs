using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Paylent.BrowserTests;

/// <summary>Seed 001's key rotation as an admin clicks through it: every change confirmed on its own page.</summary>
public sealed class SigningKeyBrowserTests(Browser browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Admin_generates_a_key_sets_the_old_one_primary_deactivates_the_new_one_and_cannot_deactivate_the_last()
    {
        var page = await SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Signing keys" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signing keys" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/environments/test/signing-keys$"));
        // The RS256 ring, which a key is generated for unless ES256 is chosen; the ES256 primary is listed too.
        var rows = page.Locator("[data-testid=signing-keys] tbody tr").Filter(new() { HasText = "RS256" });
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=signing-keys] tbody tr").Filter(new() { HasText = "ES256" })).ToHaveCountAsync(1);
        var original = await rows.First.GetAttributeAsync("data-kid");

        await page.GetByRole(AriaRole.Button, new() { Name = "Generate Key" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Generate a new signing key?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "RS256" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate Key" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("A new key was generated. It is now the primary key and signs new tokens.");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var generated = await rows.First.GetAttributeAsync("data-kid");
        Assert.NotEqual(original, generated);
        await Assertions.Expect(Status(page, generated)).ToHaveTextAsync("primary");
        await Assertions.Expect(Status(page, original)).ToHaveTextAsync("active");

        await Row(page, original).GetByRole(AriaRole.Link, new() { Name = "Set as Primary" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Set as Primary" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The key is now the primary key and signs new tokens.");
        await Assertions.Expect(Status(page, original)).ToHaveTextAsync("primary");
        await Assertions.Expect(Status(page, generated)).ToHaveTextAsync("active");

        await Row(page, generated).GetByRole(AriaRole.Link, new() { Name = "Deactivate" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToContainTextAsync(generated!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The key was deactivated and removed from JWKS.");
        await Assertions.Expect(Status(page, generated)).ToHaveTextAsync("deactivated");
        await Assertions.Expect(Row(page, generated).GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "signing-keys.png"), FullPage = true });

        await Row(page, original).GetByRole(AriaRole.Link, new() { Name = "Deactivate" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The last active key cannot be deactivated: generate a new key first.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "signing-key-refused.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(Status(page, original)).ToHaveTextAsync("primary");
    }

    private static ILocator Row(IPage page, string? kid) => page.Locator($"tr[data-kid='{kid}']");

    private static ILocator Status(IPage page, string? kid) => Row(page, kid).GetByTestId("key-status");
}
