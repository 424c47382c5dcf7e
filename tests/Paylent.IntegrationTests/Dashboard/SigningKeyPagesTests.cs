using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

[Collection(AppsCollection.Name)]
public sealed class SigningKeyPagesTests(Apps apps)
{
    private const string Keys = "/environments/test/signing-keys";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keys_are_generated_made_primary_and_deactivated_through_confirmations(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var before = await PageAsync(await dashboard.Http.GetAsync(Keys));
        var oldPrimary = Assert.Single(Rows(before), r => r.Status == "primary").Kid;
        Assert.Equal("Signing keys", before.QuerySelector("nav a[aria-current=page]")?.TextContent);

        // Generate: the new key becomes primary, the old one stays active.
        var generateConfirm = await PageAsync(await dashboard.Http.GetAsync(Link(before, "Generate Key")));
        var generated = await FormPost.Read(generateConfirm).SendAsync(dashboard.Http);
        Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
        Assert.Equal($"{Keys}?flash=key-generated", generated.Headers.Location?.OriginalString);
        var afterGenerate = await PageAsync(await dashboard.Http.GetAsync(generated.Headers.Location));
        Assert.Equal("A new key was generated. It is now the primary key and signs new tokens.", Flash(afterGenerate));
        var newKid = Assert.Single(Rows(afterGenerate), r => r.Status == "primary").Kid;
        Assert.NotEqual(oldPrimary, newKid);
        Assert.Equal("active", Rows(afterGenerate).Single(r => r.Kid == oldPrimary).Status);
        Assert.Equal("RS256", afterGenerate.QuerySelector($"tr[data-kid='{newKid}'] td:nth-child(2)")?.TextContent);

        // Set the old key as primary again.
        var setPrimaryConfirm = await PageAsync(await dashboard.Http.GetAsync(RowLink(afterGenerate, oldPrimary, "Set as Primary")));
        Assert.Contains(oldPrimary, setPrimaryConfirm.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        var setPrimary = await FormPost.Read(setPrimaryConfirm).SendAsync(dashboard.Http);
        var afterSetPrimary = await PageAsync(await dashboard.Http.GetAsync(setPrimary.Headers.Location));
        Assert.Equal("The key is now the primary key and signs new tokens.", Flash(afterSetPrimary));
        Assert.Equal("primary", Rows(afterSetPrimary).Single(r => r.Kid == oldPrimary).Status);
        Assert.Equal("active", Rows(afterSetPrimary).Single(r => r.Kid == newKid).Status);

        // Deactivate the newer key: out of JWKS, no more actions on it.
        var deactivateConfirm = await PageAsync(await dashboard.Http.GetAsync(RowLink(afterSetPrimary, newKid, "Deactivate")));
        var deactivate = await FormPost.Read(deactivateConfirm).SendAsync(dashboard.Http);
        var afterDeactivate = await PageAsync(await dashboard.Http.GetAsync(deactivate.Headers.Location));
        Assert.Equal("The key was deactivated and removed from JWKS.", Flash(afterDeactivate));
        Assert.Equal("deactivated", Rows(afterDeactivate).Single(r => r.Kid == newKid).Status);
        Assert.Empty(afterDeactivate.QuerySelectorAll($"tr[data-kid='{newKid}'] a"));
        Assert.DoesNotContain(newKid, await JwksKidsAsync(app));
        Assert.Contains(oldPrimary, await JwksKidsAsync(app));
    }

    [Fact]
    public async Task The_last_active_key_cannot_be_deactivated_and_the_page_says_why()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var list = await PageAsync(await dashboard.Http.GetAsync(Keys));
        var only = Assert.Single(Rows(list)).Kid;
        var confirm = await PageAsync(await dashboard.Http.GetAsync(RowLink(list, only, "Deactivate")));

        var refused = await FormPost.Read(confirm).SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Equal(["The last active key cannot be deactivated: generate a new key first."], Html.Errors(page));
        Assert.Contains(only, page.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("primary", Assert.Single(Rows(await PageAsync(await dashboard.Http.GetAsync(Keys)))).Status);
    }

    [Fact]
    public async Task A_deactivated_key_cannot_become_primary_and_the_page_says_why()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var key = await app.SendAsync("test", new GenerateSigningKey());
        await app.SendAsync("test", new DeactivateSigningKey(key.Id));
        var confirm = await PageAsync(await dashboard.Http.GetAsync($"{Keys}/{key.Id}/set-primary"));

        var refused = await FormPost.Read(confirm).SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["A deactivated key cannot become primary."], Html.Errors(await Html.ParseAsync(refused)));
    }

    [Theory]
    [InlineData("/generate")]
    [InlineData("/{id}/set-primary")]
    [InlineData("/{id}/deactivate")]
    public async Task A_post_without_the_antiforgery_token_changes_nothing_and_says_the_form_expired(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var primary = (await app.SendAsync("test", new ListSigningKeys())).Single(k => k.Status == SigningKeyStatus.Primary && k.Algorithm == SigningAlgorithms.Rs256);
        var url = Keys + path.Replace("{id}", primary.Id.ToString(), StringComparison.Ordinal);
        var form = FormPost.Read(await PageAsync(await dashboard.Http.GetAsync(url))).Set("__RequestVerificationToken");
        var keysBefore = await app.SendAsync("test", new ListSigningKeys());

        var response = await form.SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(keysBefore, await app.SendAsync("test", new ListSigningKeys()));
    }

    [Fact]
    public async Task An_environment_never_shows_or_changes_another_environments_keys()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var production = await app.SendAsync("production", new GenerateSigningKey());

        var testKeys = Rows(await PageAsync(await dashboard.Http.GetAsync(Keys)), algorithm: null).Select(r => r.Kid).ToList();
        var productionKeys = Rows(await PageAsync(await dashboard.Http.GetAsync("/environments/production/signing-keys")), algorithm: null).Select(r => r.Kid).ToList();
        var confirm = await dashboard.Http.GetAsync($"{Keys}/{production.Id}/deactivate");
        var token = await dashboard.AntiforgeryTokenAsync(Keys);
        var deactivate = await dashboard.Http.PostAsync($"{Keys}/{production.Id}/deactivate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.DoesNotContain(production.Kid, testKeys);
        Assert.Contains(production.Kid, productionKeys);
        Assert.Empty(testKeys.Intersect(productionKeys));
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deactivate.StatusCode);
        Assert.Equal(SigningKeyStatus.Primary, (await app.SendAsync("production", new GetSigningKey(production.Id))).Status);
    }

    [Fact]
    public async Task An_es256_key_is_generated_by_choosing_it_and_only_the_es256_primary_steps_down()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var before = await PageAsync(await dashboard.Http.GetAsync(Keys));
        var rsa = Assert.Single(Rows(before)).Kid;
        var oldEc = Assert.Single(Rows(before, SigningAlgorithms.Es256)).Kid;
        var confirm = await PageAsync(await dashboard.Http.GetAsync(Link(before, "Generate Key")));
        Assert.Equal("RS256", confirm.QuerySelector("input[name=algorithm]:checked")?.GetAttribute("value"));

        var generated = await FormPost.Read(confirm).Set("algorithm", "ES256").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
        var after = await PageAsync(await dashboard.Http.GetAsync(generated.Headers.Location));
        var ec = Rows(after, SigningAlgorithms.Es256);
        Assert.Equal("active", ec.Single(r => r.Kid == oldEc).Status);
        var newEc = Assert.Single(ec, r => r.Status == "primary").Kid;
        Assert.Contains(newEc, await JwksKidsAsync(app));
        Assert.Equal([(rsa, "primary")], Rows(after));
    }

    [Fact]
    public async Task Generating_a_key_of_an_unknown_algorithm_re_renders_the_form_with_the_reason()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var keysBefore = await app.SendAsync("test", new ListSigningKeys());
        var confirm = await PageAsync(await dashboard.Http.GetAsync($"{Keys}/generate"));

        var refused = await FormPost.Read(confirm).Set("algorithm", "HS256").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["The algorithm is one of: RS256, ES256."], Html.Errors(await Html.ParseAsync(refused)));
        Assert.Equal(keysBefore, await app.SendAsync("test", new ListSigningKeys()));
    }

    private static async Task<IHtmlDocument> PageAsync(HttpResponseMessage response)
    {
        var page = await Html.ParseAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {string.Join(" | ", Html.Errors(page))}");
        return page;
    }

    /// <summary>The rows of one algorithm's keys (RS256, the default, unless asked), or of all keys for null.</summary>
    private static List<(string Kid, string Status)> Rows(IHtmlDocument page, string? algorithm = SigningAlgorithms.Rs256) =>
        page.QuerySelectorAll("[data-testid=signing-keys] tbody tr")
            .Where(row => algorithm is null || row.QuerySelector("td:nth-child(2)")?.TextContent == algorithm)
            .Select(row => (row.GetAttribute("data-kid")!, row.QuerySelector("[data-testid=key-status]")!.TextContent))
            .ToList();

    private static string Link(IHtmlDocument page, string text) =>
        page.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == text).GetAttribute("href")!;

    private static string RowLink(IHtmlDocument page, string kid, string text) =>
        page.QuerySelectorAll($"tr[data-kid='{kid}'] a").Single(a => a.TextContent.StartsWith(text, StringComparison.Ordinal)).GetAttribute("href")!;

    private static string? Flash(IHtmlDocument page) => page.QuerySelector("[data-testid=flash]")?.TextContent;

    private static async Task<List<string?>> JwksKidsAsync(PaylentApp app)
    {
        var jwks = JsonDocument.Parse(await app.Client("demo-test.localhost").GetStringAsync("/.well-known/jwks.json"));
        return jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
    }
}
