using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Paylent.BrowserTests;

/// <summary>The 4-step client wizard in a real browser: htmx swaps each step in place, the server checks each one.</summary>
public sealed class OAuthClientWizardTests(Browser browser) : BrowserTest(browser)
{
    // Not the post-logout field, whose label also mentions redirect URIs.
    private static readonly Regex RedirectUris = new("^Redirect URIs");

    [Fact]
    public async Task Admin_walks_the_four_steps_fixes_a_refused_redirect_uri_and_reads_the_secret_shown_once()
    {
        var page = await SignedInPageAsync();
        var progress = page.GetByTestId("wizard-progress");

        await page.GetByRole(AriaRole.Link, new() { Name = "OAuth clients" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "OAuth clients" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/environments/test/oauth-clients$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "New client" }).ClickAsync();
        await Assertions.Expect(progress).ToHaveTextAsync("Step 1 of 4: Basic info");
        await Assertions.Expect(page.GetByTestId("sidebar").GetByRole(AriaRole.Link, new() { Name = "OAuth clients" })).ToHaveAttributeAsync("aria-current", "page");

        // From here on htmx swaps the steps: the page itself is never reloaded.
        await page.EvaluateAsync("() => window.stillTheSamePage = true");
        await page.GetByLabel("Name").FillAsync("Browser orders app");
        await page.GetByLabel("Confidential").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await Assertions.Expect(progress).ToHaveTextAsync("Step 2 of 4: Capabilities");
        await Assertions.Expect(page.GetByTestId("auth-method")).ToContainTextAsync("client_secret_basic");
        await page.GetByLabel("authorization_code").CheckAsync();
        await page.GetByLabel("client_credentials").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await Assertions.Expect(progress).ToHaveTextAsync("Step 3 of 4: URIs & scopes");
        await page.GetByLabel(RedirectUris).FillAsync("http://orders.example/callback");
        await page.GetByLabel("Allowed scopes").FillAsync("orders:read orders:write");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("use https (plain http only for loopback addresses)");
        await Assertions.Expect(progress).ToHaveTextAsync("Step 3 of 4: URIs & scopes");
        await Assertions.Expect(page.GetByLabel(RedirectUris)).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Allowed scopes")).ToHaveValueAsync("orders:read orders:write");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "oauth-client-wizard-error.png"), FullPage = true });
        await page.GetByLabel(RedirectUris).FillAsync("https://orders.example/callback\nhttp://localhost:3000/callback");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await Assertions.Expect(progress).ToHaveTextAsync("Step 4 of 4: Token settings");
        await Assertions.Expect(page.GetByLabel("Require PKCE")).ToBeCheckedAsync();
        await page.GetByLabel("Access token lifetime").FillAsync("900");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "oauth-client-wizard.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Copy the client secret now: it will not be shown again.");
        var clientId = await page.GetByLabel("Client ID").InputValueAsync();
        var secret = await page.GetByLabel("Client secret").InputValueAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"));
        Assert.EndsWith("/environments/test/oauth-clients/new", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "oauth-client-created.png"), FullPage = true });

        Assert.Equal(HttpStatusCode.OK, await ClientCredentialsAsync(clientId, secret));

        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the client's settings" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Browser orders app" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Access token lifetime")).ToHaveValueAsync("900");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "oauth-client-details.png"), FullPage = true });

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "OAuth clients" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = clientId })).ToContainTextAsync("Browser orders app");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "oauth-clients.png"), FullPage = true });
    }

    [Fact]
    public async Task Back_returns_to_the_previous_step_with_the_answers_kept()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync(new Uri(App.Url(), "/environments/test/oauth-clients/new").ToString());

        await page.GetByLabel("Name").FillAsync("Mobile app");
        await page.GetByLabel("Public").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("client_credentials").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("A public client cannot use client_credentials.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("wizard-progress")).ToHaveTextAsync("Step 1 of 4: Basic info");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("Mobile app");
        await Assertions.Expect(page.GetByLabel("Public")).ToBeCheckedAsync();
    }

    private async Task<HttpStatusCode> ClientCredentialsAsync(string clientId, string secret)
    {
        // Straight to the server on loopback, naming the environment's host (as a resolver for *.localhost would).
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{App.Url().Port}/oauth/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Host = $"demo-test.localhost:{App.Url().Port}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
