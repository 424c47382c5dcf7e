using Microsoft.Playwright;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>
/// A sample client app built on openid-client (tests/Paylent.InteropTests/rp/app.mjs) signs a user
/// in through Paylent in headless Chromium: the app's "Sign in", Paylent's hosted sign-in and consent,
/// and back to the app, then refresh and RP-initiated logout. Two origins, real redirects, real cookies.
/// </summary>
public sealed class SampleClientAppBrowserTests(Browser browser) : BrowserTest(browser)
{
    private const string Password = "sample app user password";

    /// <summary>
    /// As a web app with a server-side secret, and as a native app would (RFC 8252): a public client
    /// listening on loopback, registered without a port (§7.3). The native app is asked for consent
    /// though it is first party (§8.6), and the Allow leads back to it, not to the consent page again.
    /// </summary>
    [Theory]
    [InlineData("confidential", false)]
    [InlineData("public", true)]
    public async Task A_user_signs_in_to_the_sample_app_through_the_hosted_sign_in_and_consent_and_signs_out_again(string clientType, bool firstParty)
    {
        using var api = await LoopbackApi.ConnectAsync(App);
        var email = $"sample-{Guid.NewGuid():N}@example.com";
        await api.CreateUserAsync(email, Password);
        var appOrigin = $"http://127.0.0.1:{Loopback.FreePort()}";
        var client = await api.CreateAsync("/api/oauth-clients", "oauth_client", new Dictionary<string, object?>
        {
            ["name"] = "Sample app",
            ["client_type"] = clientType,
            ["first_party"] = firstParty,
            ["redirect_uris"] = new[] { clientType == "public" ? "http://127.0.0.1/callback" : $"{appOrigin}/callback" },
            ["post_logout_redirect_uris"] = new[] { $"{appOrigin}/signed-out" },
            ["grant_types"] = new[] { "authorization_code", "refresh_token" },
            ["allowed_scopes"] = new[] { "openid", "profile", "email", "offline_access" },
        });
        var settings = new Dictionary<string, string>
        {
            ["PAYLENT_ISSUER"] = api.IssuerString,
            ["PAYLENT_CLIENT_ID"] = client.Attribute("client_id"),
            ["PORT"] = new Uri(appOrigin).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (clientType == "confidential")
        {
            settings["PAYLENT_CLIENT_SECRET"] = client.Attribute("client_secret");
        }

        await using var sample = await RelyingParty.StartSampleAppAsync(settings);
        var page = await NewPageAsync();
        var status = page.Locator("#status");

        await page.GotoAsync(sample.Url.ToString());
        await Assertions.Expect(status).ToHaveTextAsync("Not signed in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync("**/sign-in?returnUrl=**");
        Assert.Equal("demo-test.localhost", new Uri(page.Url).Host);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Allow Sample app to access your account?" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, $"sample-app-consent-{clientType}.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        await Assertions.Expect(status).ToHaveTextAsync($"Signed in as {email}", new() { Timeout = 15_000 });
        Assert.StartsWith(appOrigin, page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Refresh tokens" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync($"Tokens refreshed for {email}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back" }).ClickAsync();

        // RP-initiated logout with the ID token as hint: no question asked, back to the app with its state.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Signed out");

        // The Paylent session is gone too: signing in again asks for the password.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in?returnUrl=**");
        Assert.DoesNotContain("Sign-in failed", sample.Log, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 13: a client with <c>organization_required</c> and a user in two organizations. After the
    /// hosted sign-in Paylent shows the organization picker; the choice posts (antiforgery token and all)
    /// and leads straight back to the first-party app, which the picker page's form-action allows.
    /// </summary>
    [Fact]
    public async Task A_user_in_two_organizations_picks_one_on_the_hosted_picker_and_lands_back_in_the_sample_app()
    {
        using var api = await LoopbackApi.ConnectAsync(App);
        var email = $"picker-{Guid.NewGuid():N}@example.com";
        var user = await api.CreateUserAsync(email, Password);
        var names = new List<string>();
        foreach (var _ in new[] { 1, 2 })
        {
            var slug = $"picker-{Guid.NewGuid():N}"[..20];
            var organization = await api.CreateAsync("/api/organizations", "organization", new Dictionary<string, object?> { ["slug"] = slug, ["name"] = "Team " + slug });
            using var member = await api.SendAsync(HttpMethod.Post, $"/api/organizations/{organization.Id}/memberships", new
            {
                data = new { type = "membership", attributes = new { user_id = user.Id } },
            });
            Assert.Equal(System.Net.HttpStatusCode.Created, member.StatusCode);
            names.Add("Team " + slug);
        }

        await using var sample = await StartFirstPartySampleAppAsync(api, organizationRequired: true);
        var appOrigin = sample.Url.GetLeftPart(UriPartial.Authority);
        var page = await NewPageAsync();

        await page.GotoAsync(sample.Url.ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SignInAsync(page, email);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Continue to Sample app as a member of which organization?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio)).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "sample-app-organization-picker.png"), FullPage = true });
        await page.GetByLabel(names[1] + " (", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Signed in as {email}", new() { Timeout = 15_000 });
        Assert.StartsWith(appOrigin, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign-in failed", sample.Log, StringComparison.Ordinal);
    }

    /// <summary>
    /// OIDC Core §3.1.2.1 <c>prompt=select_account</c>, from the app's "Switch account" link: Paylent asks
    /// the signed-in user which account to go on with. Continuing leads straight back to the app (the
    /// chooser's form-action allows its redirect URI); "Use another account" is the hosted sign-in, after
    /// which the app has the other user.
    /// </summary>
    [Fact]
    public async Task A_user_switches_account_in_the_sample_app_through_the_hosted_account_chooser()
    {
        using var api = await LoopbackApi.ConnectAsync(App);
        var (first, second) = ($"first-{Guid.NewGuid():N}@example.com", $"second-{Guid.NewGuid():N}@example.com");
        await api.CreateUserAsync(first, Password);
        await api.CreateUserAsync(second, Password);
        await using var sample = await StartFirstPartySampleAppAsync(api);
        var appOrigin = sample.Url.GetLeftPart(UriPartial.Authority);
        var page = await NewPageAsync();
        await page.GotoAsync(sample.Url.ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SignInAsync(page, first);
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Signed in as {first}", new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Switch account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Continue to Sample app with which account?" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "sample-app-account-chooser.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Continue as {first}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Signed in as {first}", new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Switch account" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use another account" }).ClickAsync();
        await SignInAsync(page, second);

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Signed in as {second}", new() { Timeout = 15_000 });
        Assert.StartsWith(appOrigin, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign-in failed", sample.Log, StringComparison.Ordinal);
    }

    /// <summary>The sample app on a loopback port of its own, registered as a first-party confidential client for it.</summary>
    private static async Task<SampleClientApp> StartFirstPartySampleAppAsync(LoopbackApi api, bool organizationRequired = false)
    {
        var appOrigin = $"http://127.0.0.1:{Loopback.FreePort()}";
        var client = await api.CreateAsync("/api/oauth-clients", "oauth_client", new Dictionary<string, object?>
        {
            ["name"] = "Sample app",
            ["client_type"] = "confidential",
            ["first_party"] = true,
            ["organization_required"] = organizationRequired,
            ["redirect_uris"] = new[] { $"{appOrigin}/callback" },
            ["post_logout_redirect_uris"] = new[] { $"{appOrigin}/signed-out" },
            ["grant_types"] = new[] { "authorization_code", "refresh_token" },
            ["allowed_scopes"] = new[] { "openid", "profile", "email", "offline_access" },
        });
        return await RelyingParty.StartSampleAppAsync(new Dictionary<string, string>
        {
            ["PAYLENT_ISSUER"] = api.IssuerString,
            ["PAYLENT_CLIENT_ID"] = client.Attribute("client_id"),
            ["PAYLENT_CLIENT_SECRET"] = client.Attribute("client_secret"),
            ["PORT"] = new Uri(appOrigin).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.WaitForURLAsync("**/sign-in?returnUrl=**");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
