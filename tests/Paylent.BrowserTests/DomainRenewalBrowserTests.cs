using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Paylent.BrowserTests;

/// <summary>
/// "Renew now" on a domain's page: an install ordering from Pebble, with nothing of Paylent's on Pebble's
/// HTTP-01 port, so the first order fails with Pebble's problem; the admin sees it, renews, and sees the
/// next attempt move to now.
/// </summary>
public sealed class DomainRenewalBrowserTests(Browser browser) : BrowserTest(browser)
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Paylent:Domains:NameServers:0"] = Variable("PAYLENT_TEST_PEBBLE_DNS"),
        ["Paylent:Domains:MinimumCheckInterval"] = "00:00:00",
        ["Paylent:Acme:Enabled"] = "true",
        ["Paylent:Acme:DirectoryUrl"] = Variable("PAYLENT_TEST_PEBBLE_DIRECTORY"),
        ["Paylent:Acme:TrustedCertificatesFile"] = Variable("PAYLENT_TEST_PEBBLE_ROOTS"),
        ["Paylent:Acme:ChallengePropagationDelay"] = "00:00:00",
    };

    [Fact]
    public async Task Admin_renews_a_domain_whose_first_certificate_failed_and_sees_the_next_attempt_move_to_now()
    {
        var page = await SignedInPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var hostname = $"renew-{Guid.NewGuid():N}.example.test";
        await page.GetByRole(AriaRole.Link, new() { Name = "Custom domains" }).ClickAsync();
        await page.GetByTestId("domain-hostname").FillAsync(hostname);
        await page.GetByTestId("add-domain").ClickAsync();
        var value = await page.GetByTestId("domain-records").Locator("tr[data-record=TXT]").GetByTestId("record-value").TextContentAsync();
        await PublishAsync("/set-txt", new { host = $"_paylent-verification.{hostname}.", value });
        await PublishAsync("/set-cname", new { host = $"{hostname}.", target = "demo-test.localhost." });

        // No "Renew now" before there is a certificate to renew.
        await Assertions.Expect(page.GetByTestId("renew-domain")).ToHaveCountAsync(0);
        await page.GetByTestId("verify-domain").ClickAsync();
        var started = TimeProvider.System.GetTimestamp();
        while (await page.GetByTestId("domain-state").TextContentAsync() != "certificate_failed")
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(60), "the first order never failed");
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.GetByTestId("domain-last-error")).ToContainTextAsync("urn:ietf:params:acme:error:");
        await Assertions.Expect(page.GetByTestId("domain-certificate")).ToContainTextAsync("provisioning_failed");
        var retry = await page.GetByTestId("domain-renew-after").TextContentAsync();

        await page.GetByTestId("renew-domain").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("A new certificate is being ordered.");
        await Assertions.Expect(page.GetByTestId("domain-renew-after")).Not.ToHaveTextAsync(retry!);
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
