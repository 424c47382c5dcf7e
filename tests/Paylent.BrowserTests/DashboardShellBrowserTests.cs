using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.OAuth;
using Paylent.Testing;

namespace Paylent.BrowserTests;

/// <summary>
/// The dashboard's shell at a desktop and a phone width: every sidebar link opens its page, with its
/// title and breadcrumbs, and nothing is wider than the window. With
/// <see cref="ScreenshotsVariable"/> set to a folder, the walk also saves each main page's screenshot
/// there (docs/images/dashboard, shown in docs/dashboard.md).
/// </summary>
public sealed class DashboardShellBrowserTests(Browser browser) : BrowserTest(browser)
{
    public const string ScreenshotsVariable = "PAYLENT_DASHBOARD_SCREENSHOTS";

    private const string Password = "Correct-Horse-Battery-9";

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Admin_walks_every_sidebar_link_and_each_page_has_its_title_and_breadcrumb(int width)
    {
        await SeedActivityAsync();
        var page = await SignedInPageAsync(width);
        await page.GotoAsync(new Uri(App.Url(), "/environments/test").ToString());
        var narrow = width < 768;
        var sidebar = page.GetByTestId("sidebar");
        if (narrow)
        {
            // Folded behind "Menu" on a phone, so the page starts with its content.
            await Assertions.Expect(sidebar).Not.ToBeVisibleAsync();
            await page.GetByTestId("sidebar-toggle").ClickAsync();
        }

        await Assertions.Expect(sidebar).ToBeVisibleAsync();
        if (narrow)
        {
            await ScreenshotAsync(page, "Menu", width);
        }
        var links = await sidebar.GetByRole(AriaRole.Link).EvaluateAllAsync<string[][]>("links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])");
        Assert.Equal(
            ["Overview", "Users", "Roles", "Permissions", "OAuth clients", "Signing keys", "Organizations", "Custom domains", "Audit log", "Your sessions", "Background jobs"],
            links.Select(l => l[0]));

        foreach (var (title, href) in links.Select(l => (l[0], l[1])))
        {
            await page.GotoAsync(new Uri(App.Url(), "/environments/test").ToString());
            if (narrow)
            {
                await page.GetByTestId("sidebar-toggle").ClickAsync();
            }

            await sidebar.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new Uri(App.Url(), href).ToString());
            if (href == "/jobs")
            {
                // Hangfire's own dashboard: its page, not the shell's.
                await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("Paylent jobs"));
                continue;
            }

            var inEnvironment = href.StartsWith("/environments/test", StringComparison.Ordinal);
            await Assertions.Expect(page).ToHaveTitleAsync(inEnvironment ? $"{title} · test · Paylent" : $"{title} · Paylent");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
            await Assertions.Expect(page.GetByTestId("breadcrumbs").Locator("li[aria-current=page]")).ToHaveTextAsync(title);
            await ScreenshotAsync(page, title, width);
            if (narrow)
            {
                await page.GetByTestId("sidebar-toggle").ClickAsync();
            }

            await Assertions.Expect(sidebar.Locator("a[aria-current=page]")).ToHaveTextAsync(title);
            var overflowing = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
                + " && !e.closest('.overflow-auto')).map(e => e.tagName + '.' + e.className)");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{title} is wider than {width} px: {string.Join(", ", overflowing)}");
        }
    }

    [Fact]
    public async Task The_overview_draws_its_charts_under_the_dashboard_content_security_policy()
    {
        var errors = new List<string>();
        var page = await SignedInPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(App.Url(), "/environments/test").ToString());

        // Chart.js replaces each canvas's fallback text with a drawing of the given size.
        var canvases = page.Locator("canvas[data-chart]");
        await Assertions.Expect(canvases).ToHaveCountAsync(4);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart && window.Chart.getChart(c))");
        Assert.Equal(4, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('canvas[data-chart]')].filter(c => c.width > 0 && c.height > 0).length"));
        await Assertions.Expect(page.GetByTestId("chart-empty")).ToHaveCountAsync(4);
        Assert.Empty(errors);
    }

    /// <summary>Some users and sign-ins, so the overview's charts and the lists have something to show.</summary>
    private async Task SeedActivityAsync()
    {
        foreach (var (given, family) in new[] { ("Ada", "Lovelace"), ("Grace", "Hopper"), ("Alan", "Turing") })
        {
            var email = $"{given.ToLowerInvariant()}@example.com";
            await App.SendAsync("test", new CreateUser(new UserProfile(email, null, given, family), Password));
            await App.SendAsync("test", new SignInWithPassword(email, Password, new SessionClient("203.0.113.7", "Browser test")));
        }

        await App.SendAsync("test", new SignInWithPassword("ada@example.com", "not the password", new SessionClient("203.0.113.7", "Browser test")));
        var client = await App.CreateClientAsync();
        using var http = new HttpClient();
        for (var i = 0; i < 4; i++)
        {
            // Straight to the server on loopback, naming the environment's host (as a resolver for *.localhost would).
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{App.Url().Port}/oauth/token"))
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
            };
            request.Headers.Host = $"demo-test.localhost:{App.Url().Port}";
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client.Client.ClientId}:{client.ClientSecret}")));
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await App.Services.GetRequiredService<TokenIssuanceFlusher>().FlushAsync(CancellationToken.None);
    }

    private static async Task ScreenshotAsync(IPage page, string title, int width)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var name = title.ToLowerInvariant().Replace(' ', '-');
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}.png") });
        if (title == "Overview")
        {
            // Its token charts, recent events and URLs are below the fold.
            await page.GetByTestId("chart-tokens-day").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-activity-{width}.png") });
        }
    }
}
