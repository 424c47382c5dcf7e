using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Paylent.BrowserTests;

/// <summary>
/// An admin adds a custom domain, copies its DNS records with the copy buttons (under the dashboard's
/// CSP), publishes them in the test DNS (pebble-challtestsrv), verifies it, and deletes it after confirming.
/// </summary>
public sealed class DomainBrowserTests(Browser browser) : BrowserTest(browser)
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Paylent:Domains:NameServers:0"] = Variable("PAYLENT_TEST_PEBBLE_DNS"),
        ["Paylent:Domains:MinimumCheckInterval"] = "00:00:00",
    };

    [Fact]
    public async Task Admin_adds_a_domain_copies_its_records_verifies_it_and_deletes_it()
    {
        var errors = new List<string>();
        var page = await SignedInPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = App.Url().GetLeftPart(UriPartial.Authority) });
        // A CSP violation or a script error shows here; the 400 answers to refused forms are expected.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 400", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GetByRole(AriaRole.Link, new() { Name = "Custom domains" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("domains-empty")).ToBeVisibleAsync();

        await page.GetByTestId("domain-hostname").FillAsync("127.0.0.1");
        await page.GetByTestId("add-domain").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("An IP address is not a host name");

        var hostname = $"login-{Guid.NewGuid():N}.example.test";
        await page.GetByTestId("domain-hostname").FillAsync(hostname.ToUpperInvariant());
        await page.GetByTestId("add-domain").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("The domain was added.");
        await Assertions.Expect(page.GetByTestId("domain-hostname")).ToHaveTextAsync(hostname);
        await Assertions.Expect(page.GetByTestId("domain-state")).ToHaveTextAsync("pending_verification");

        var txt = page.GetByTestId("domain-records").Locator("tr[data-record=TXT]");
        var value = await txt.GetByTestId("record-value").TextContentAsync();
        await txt.GetByRole(AriaRole.Button, new() { Name = "Copy the value of the TXT record" }).ClickAsync();
        await Assertions.Expect(txt.GetByRole(AriaRole.Button, new() { Name = "Copy the value of the TXT record" })).ToHaveTextAsync("Copied");
        Assert.Equal(value, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        var cname = page.GetByTestId("domain-records").Locator("tr[data-record=CNAME]");
        await Assertions.Expect(cname.GetByTestId("record-value")).ToHaveTextAsync("demo-test.localhost");

        // Verify before publishing: the page says what is missing.
        await page.GetByTestId("verify-domain").ClickAsync();
        await Assertions.Expect(page.GetByTestId("domain-state")).ToHaveTextAsync("verification_failed");
        await Assertions.Expect(page.GetByTestId("domain-last-error")).ToContainTextAsync($"_paylent-verification.{hostname}");

        await PublishAsync("/set-txt", new { host = $"_paylent-verification.{hostname}.", value });
        await PublishAsync("/set-cname", new { host = $"{hostname}.", target = "demo-test.localhost." });
        await page.GetByTestId("verify-domain").ClickAsync();
        await Assertions.Expect(page.GetByTestId("domain-state")).ToHaveTextAsync("verified");
        await Assertions.Expect(page.GetByTestId("domain-last-error")).ToHaveCountAsync(0);

        await page.GetByTestId("delete-domain").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete domain" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("The domain was deleted.");
        await Assertions.Expect(page.GetByTestId("domains-empty")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    private static async Task PublishAsync(string path, object record)
    {
        using var http = new HttpClient();
        (await http.PostAsJsonAsync(new Uri(new Uri(Variable("PAYLENT_TEST_PEBBLE_CHALLTESTSRV")), path), record)).EnsureSuccessStatusCode();
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Domain tests need {name}: run ./build.sh pebble and export what it prints.");
}
