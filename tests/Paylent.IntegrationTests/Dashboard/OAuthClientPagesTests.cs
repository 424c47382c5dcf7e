using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

[Collection(AppsCollection.Name)]
public sealed class OAuthClientPagesTests(Apps apps)
{
    private const string Clients = "/environments/test/oauth-clients";
    private const string Wizard = Clients + "/new";

    /// <summary>A client's settings form; a confidential client's page shows its service account's role forms above it.</summary>
    private const string SettingsForm = "main form[novalidate]";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_wizard_creates_a_confidential_client_whose_secret_works_at_the_token_endpoint(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var name = $"Orders service {Guid.NewGuid():N}";

        var step1 = await PageAsync(await dashboard.Http.GetAsync(Wizard));
        Assert.Equal("Step 1 of 4: Basic info", Progress(step1));
        var step2 = await PageAsync(await FormPost.Read(step1).Set("Name", name).Set("ClientType", "Confidential").SendAsync(dashboard.Http));
        Assert.Equal("Step 2 of 4: Capabilities", Progress(step2));
        Assert.Contains("client_secret_post", step2.QuerySelector("[data-testid=auth-method]")?.TextContent, StringComparison.Ordinal);

        // The capabilities start as the API's defaults for the type: a confidential client calls APIs as itself.
        Assert.Equal(["client_credentials"], FormPost.Read(step2).All("GrantTypes"));
        var step3 = await PageAsync(await FormPost.Read(step2).Set("GrantTypes", "authorization_code", "client_credentials").SendAsync(dashboard.Http));
        Assert.Equal("Step 3 of 4: URIs & scopes", Progress(step3));
        var step4 = await PageAsync(await FormPost.Read(step3)
            .Set("RedirectUris", "https://orders.example/callback\r\nhttp://localhost:3000/callback\r\n")
            .Set("AllowedScopes", "orders:read  orders:write")
            .SendAsync(dashboard.Http));
        Assert.Equal("Step 4 of 4: Token settings", Progress(step4));
        Assert.Equal(name, FormPost.Read(step4)["Name"]);

        Assert.Equal(["false"], FormPost.Read(step4).All("FirstParty"));

        var created = await FormPost.Read(step4).Set("AccessTokenLifetime", "600").Set("FirstParty", "true", "false").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore);
        var page = await Html.ParseAsync(created);
        Assert.Contains("it will not be shown again", page.QuerySelector(".secret-warning")?.TextContent, StringComparison.Ordinal);
        var clientId = page.QuerySelector("#client-id-value")?.GetAttribute("value");
        var secret = page.QuerySelector("#client-secret")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(clientId));
        Assert.False(string.IsNullOrEmpty(secret));
        Assert.DoesNotContain(created.Headers, h => h.Value.Any(v => v.Contains(secret!, StringComparison.Ordinal)));

        var token = await app.Client("demo-test.localhost").ClientCredentialsAsync(clientId!, secret!);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var body = await token.JsonAsync();
        Assert.Equal(600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("orders:read orders:write", body.GetProperty("scope").GetString());

        // The settings page shows everything the wizard set, and never the secret again.
        var detailsLink = page.QuerySelector("main a[href*='/oauth-clients/']")?.GetAttribute("href");
        var details = await dashboard.Http.GetAsync(detailsLink);
        var detailsHtml = await details.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret!, detailsHtml, StringComparison.Ordinal);
        var form = FormPost.Read(await Html.ParseAsync(details), SettingsForm);
        Assert.Equal(name, form["Name"]);
        Assert.Equal("https://orders.example/callback\nhttp://localhost:3000/callback", form["RedirectUris"]?.ReplaceLineEndings("\n"));
        Assert.Equal(["authorization_code", "client_credentials"], form.All("GrantTypes"));
        Assert.Equal("600", form["AccessTokenLifetime"]);
        Assert.Equal(["true", "false"], form.All("FirstParty"));
        var list = await Html.ParseAsync(await dashboard.Http.GetAsync(Clients + "?page=1"));
        Assert.DoesNotContain(secret!, list.Body?.InnerHtml, StringComparison.Ordinal);
    }

    public static TheoryData<int, string, string[], string> StepErrors => new()
    {
        { 1, "Name", [""], "A name is 1-100 characters." },
        { 1, "Name", [new string('n', 100 * 1024)], "A name is 1-100 characters." },
        { 1, "ClientType", ["7"], "The value '7' is invalid." },
        { 2, "GrantTypes", [], "Grant types are some of authorization_code, client_credentials and refresh_token." },
        { 2, "GrantTypes", ["implicit"], "Grant types are some of authorization_code, client_credentials and refresh_token." },
        { 3, "RedirectUris", [""], "The authorization_code grant needs at least one redirect URI." },
        { 3, "RedirectUris", ["http://app.example/callback"], "'http://app.example/callback': use https (plain http only for loopback addresses)." },
        { 3, "RedirectUris", ["https://app.example/callback#top"], "'https://app.example/callback#top': a redirect URI must not have a fragment." },
        { 3, "PostLogoutRedirectUris", ["javascript:alert(1)"], "'javascript:alert(1)': this scheme is not allowed." },
        { 3, "AllowedScopes", ["orders:read bad\"scope"], "Scopes are at most 50 tokens of printable characters without spaces, quotes or backslashes." },
        { 4, "AccessTokenLifetime", ["59"], "The access token lifetime is 60 to 86400 seconds." },
        { 4, "AccessTokenLifetime", ["86401"], "The access token lifetime is 60 to 86400 seconds." },
        { 4, "RefreshTokenLifetime", ["abc"], "The value 'abc' is not valid for Refresh token lifetime." },
        { 4, "DefaultAudience", ["not a uri"], "The default audience is an absolute URI without a fragment." },
        { 4, "AllowedResources", ["https://api.example/orders\nhttps://api.example/#stock"], "At most 20 resources, each an absolute URI without a fragment." },
    };

    [Theory]
    [MemberData(nameof(StepErrors))]
    public async Task Each_step_is_checked_on_the_server_before_the_next_and_comes_back_with_the_field_message(int step, string field, string[] values, string message)
    {
        var dashboard = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));
        var page = await WalkToAsync(dashboard, step);

        var response = await Answer(step, FormPost.Read(page)).Set(field, values).SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var again = await Html.ParseAsync(response);
        Assert.StartsWith($"Step {step} of 4", Progress(again), StringComparison.Ordinal);
        Assert.Equal([message], Html.Errors(again));
        Assert.Equal(message, again.QuerySelector($"#{field}-error")?.TextContent);
        Assert.Equal($"{field}-error", again.QuerySelector($"[aria-describedby='{field}-error']")?.GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task A_public_client_cannot_take_client_credentials_at_step_2_and_gets_pkce_forced_and_no_secret()
    {
        var dashboard = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));
        var step1 = await PageAsync(await dashboard.Http.GetAsync(Wizard));
        var step2 = await PageAsync(await FormPost.Read(step1).Set("Name", "Single-page app").Set("ClientType", "Public").SendAsync(dashboard.Http));
        Assert.Null(step2.QuerySelector("[data-testid=auth-method]"));

        var refused = await FormPost.Read(step2).Set("GrantTypes", "client_credentials").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var again = await Html.ParseAsync(refused);
        Assert.StartsWith("Step 2 of 4", Progress(again), StringComparison.Ordinal);
        Assert.Equal(["A public client cannot use client_credentials."], Html.Errors(again));

        var step3 = await PageAsync(await FormPost.Read(again).Set("GrantTypes", "authorization_code", "refresh_token").SendAsync(dashboard.Http));
        var step4 = await PageAsync(await FormPost.Read(step3).Set("RedirectUris", "com.example.app:/callback").SendAsync(dashboard.Http));
        var pkce = step4.QuerySelectorAll("input[type=checkbox]").OfType<IHtmlInputElement>().Single(i => i.ParentElement?.TextContent.Contains("Require PKCE", StringComparison.Ordinal) == true);
        Assert.True(pkce.IsDisabled);
        Assert.True(pkce.IsChecked);
        var created = await Html.ParseAsync(await FormPost.Read(step4).Set("RequirePkce", "false").SendAsync(dashboard.Http));
        Assert.Null(created.QuerySelector("#client-secret"));
        Assert.Contains("public client: it has no secret", created.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Back_keeps_every_answer_and_htmx_gets_only_the_step_fragment()
    {
        var dashboard = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));
        var step3 = await WalkToAsync(dashboard, 3);

        var back = await FormPost.Read(step3).Set("AllowedScopes", "kept:scope").SendAsync(dashboard.Http, htmx: true, ("back", "true"));

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains("HX-Request", back.Headers.Vary);
        var fragment = await back.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        var step2 = await Html.ParseAsync(back);
        Assert.StartsWith("Step 2 of 4", Progress(step2), StringComparison.Ordinal);
        var form = FormPost.Read(step2, "form");
        Assert.Equal(["authorization_code", "client_credentials"], form.All("GrantTypes"));
        Assert.Equal("kept:scope", form["AllowedScopes"]);
        Assert.Equal("Wizard client", form["Name"]);

        var forward = await form.SendAsync(dashboard.Http, htmx: true);
        Assert.StartsWith("Step 3 of 4", Progress(await Html.ParseAsync(forward)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_changed_behind_an_earlier_step_is_caught_at_the_end_and_sends_the_admin_back_there()
    {
        var dashboard = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));
        var step4 = await WalkToAsync(dashboard, 4);

        // The hidden client type now says public, with client_credentials chosen at step 2.
        var response = await FormPost.Read(step4).Set("ClientType", "Public").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.StartsWith("Step 2 of 4", Progress(page), StringComparison.Ordinal);
        Assert.Equal(["A public client cannot use client_credentials."], Html.Errors(page));
    }

    [Fact]
    public async Task Settings_are_edited_on_the_details_page_and_bad_input_is_a_field_message()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var client = (await app.CreateClientAsync()).Client;
        var path = $"{Clients}/{client.Id}";
        var page = await PageAsync(await dashboard.Http.GetAsync(path));
        Assert.Equal(client.ClientId, page.QuerySelector("[data-testid=client-id]")?.TextContent);

        var saved = await FormPost.Read(page, SettingsForm)
            .Set("Name", "Renamed client").Set("AllowedScopes", "orders:read reports:read").Set("GrantTypes", "client_credentials", "refresh_token")
            .Set("TokenFormat", "Opaque").Set("AccessTokenLifetime", "900").Set("DefaultAudience", "https://api.example/")
            .Set("AllowedResources", "https://api.example/orders\r\n https://api.example/stock \n")
            .SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{path}?flash=client-saved", saved.Headers.Location?.OriginalString);
        var after = await PageAsync(await dashboard.Http.GetAsync(saved.Headers.Location));
        Assert.Equal("The client's settings were saved.", after.QuerySelector("[data-testid=flash]")?.TextContent);
        Assert.Equal("Renamed client", after.QuerySelector("h1")?.TextContent);
        var stored = await app.SendAsync("test", new GetOAuthClient(client.Id));
        Assert.Equal(["orders:read", "reports:read"], stored.AllowedScopes);
        Assert.Equal(TokenFormat.Opaque, stored.TokenFormat);
        Assert.Equal(900, stored.AccessTokenLifetime);
        Assert.Equal("https://api.example/", stored.DefaultAudience);
        Assert.Equal(["https://api.example/orders", "https://api.example/stock"], stored.AllowedResources);
        Assert.Equal("https://api.example/orders\nhttps://api.example/stock", after.QuerySelector("#AllowedResources")?.TextContent);

        var emptyName = await FormPost.Read(after, SettingsForm).Set("Name", "").SendAsync(dashboard.Http);
        Assert.Equal(HttpStatusCode.BadRequest, emptyName.StatusCode);
        var refused = await Html.ParseAsync(emptyName);
        Assert.Equal(["'Name' must not be empty."], Html.Errors(refused));
        Assert.Equal("true", refused.QuerySelector("#Name")?.GetAttribute("aria-invalid"));

        var badUri = await FormPost.Read(after, SettingsForm).Set("GrantTypes", "authorization_code").Set("RedirectUris", "http://evil.example/").SendAsync(dashboard.Http);
        Assert.Equal(HttpStatusCode.BadRequest, badUri.StatusCode);
        Assert.Equal(["'http://evil.example/': use https (plain http only for loopback addresses)."], Html.Errors(await Html.ParseAsync(badUri)));
        Assert.Equal("Renamed client", (await app.SendAsync("test", new GetOAuthClient(client.Id))).Name);
    }

    [Fact]
    public async Task The_token_signing_algorithm_is_chosen_on_the_details_page_and_a_made_up_one_is_refused()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var client = (await app.CreateClientAsync()).Client;
        var path = $"{Clients}/{client.Id}";
        var page = await PageAsync(await dashboard.Http.GetAsync(path));
        Assert.Equal(["RS256"], FormPost.Read(page, SettingsForm).All("IdTokenSignedResponseAlg"));

        var chosen = await FormPost.Read(page, SettingsForm).Set("IdTokenSignedResponseAlg", "ES256").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("ES256", (await app.SendAsync("test", new GetOAuthClient(client.Id))).IdTokenSignedResponseAlg);
        var after = await PageAsync(await dashboard.Http.GetAsync(chosen.Headers.Location));
        Assert.Equal(["ES256"], FormPost.Read(after, SettingsForm).All("IdTokenSignedResponseAlg"));

        var refused = await FormPost.Read(after, SettingsForm).Set("IdTokenSignedResponseAlg", "HS256").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["The token signing algorithm is one of: RS256, ES256."], Html.Errors(await Html.ParseAsync(refused)));
        Assert.Equal("ES256", (await app.SendAsync("test", new GetOAuthClient(client.Id))).IdTokenSignedResponseAlg);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task First_party_is_ticked_and_unticked_on_the_details_page_and_shown_there(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var client = (await app.CreateClientAsync()).Client;
        var path = $"{Clients}/{client.Id}";
        var page = await PageAsync(await dashboard.Http.GetAsync(path));
        Assert.False(client.FirstParty);
        Assert.Null(page.QuerySelector("[data-testid=first-party-badge]"));
        Assert.Contains("skip the consent page", page.QuerySelector("[data-testid=first-party]")?.ParentElement?.TextContent, StringComparison.Ordinal);

        var ticked = await FormPost.Read(page, SettingsForm).Set("FirstParty", "true", "false").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, ticked.StatusCode);
        Assert.True((await app.SendAsync("test", new GetOAuthClient(client.Id))).FirstParty);
        var after = await PageAsync(await dashboard.Http.GetAsync(ticked.Headers.Location));
        Assert.Equal("first-party", after.QuerySelector("[data-testid=first-party-badge]")?.TextContent);
        Assert.True(((IHtmlInputElement)after.QuerySelector("[data-testid=first-party]")!).IsChecked);

        // An unticked box posts only its hidden "false".
        var unticked = await FormPost.Read(after, SettingsForm).Set("FirstParty", "false").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, unticked.StatusCode);
        Assert.False((await app.SendAsync("test", new GetOAuthClient(client.Id))).FirstParty);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Organization_required_is_switched_on_the_details_page_and_the_change_audited(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var client = (await app.CreateClientAsync()).Client;
        var page = await PageAsync(await dashboard.Http.GetAsync($"{Clients}/{client.Id}"));
        Assert.False(((IHtmlInputElement)page.QuerySelector("[data-testid=organization-required]")!).IsChecked);

        var ticked = await FormPost.Read(page, SettingsForm).Set("OrganizationRequired", "true", "false").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, ticked.StatusCode);
        Assert.True((await app.SendAsync("test", new GetOAuthClient(client.Id))).OrganizationRequired);
        var after = await PageAsync(await dashboard.Http.GetAsync(ticked.Headers.Location));
        Assert.True(((IHtmlInputElement)after.QuerySelector("[data-testid=organization-required]")!).IsChecked);
        var api = await Api.ApiClient.ForAsync(app);
        var trail = await (await api.GetAsync($"/api/audit-events?filter[target_id]={client.Id}&filter[action]=oauth_client.updated")).JsonAsync();
        var change = trail.GetProperty("data").EnumerateArray()
            .Select(e => e.GetProperty("attributes").GetProperty("changes"))
            .Single(c => c.TryGetProperty("organization_required", out _)).GetProperty("organization_required");
        Assert.False(change.GetProperty("from").GetBoolean());
        Assert.True(change.GetProperty("to").GetBoolean());
    }

    [Fact]
    public async Task Rotating_the_secret_shows_the_new_one_once_and_the_old_one_stops_working()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var client = await app.CreateClientAsync();
        var http = app.Client("demo-test.localhost");
        var confirm = await PageAsync(await dashboard.Http.GetAsync($"{Clients}/{client.Client.Id}/rotate-secret"));
        Assert.Equal(HttpStatusCode.OK, (await http.ClientCredentialsAsync(client.Client.ClientId, client.ClientSecret!)).StatusCode);

        var rotated = await FormPost.Read(confirm).SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.True(rotated.Headers.CacheControl?.NoStore);
        var page = await Html.ParseAsync(rotated);
        var secret = page.QuerySelector("#client-secret")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(secret));
        Assert.NotEqual(client.ClientSecret, secret);
        Assert.Contains("it will not be shown again", page.QuerySelector(".secret-warning")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.ClientCredentialsAsync(client.Client.ClientId, client.ClientSecret!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.ClientCredentialsAsync(client.Client.ClientId, secret!)).StatusCode);
    }

    [Fact]
    public async Task A_public_client_has_no_secret_to_rotate_and_says_so()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var client = await app.CreateClientAsync(type: ClientType.Public, grantTypes: [GrantTypes.AuthorizationCode]);
        var details = await PageAsync(await dashboard.Http.GetAsync($"{Clients}/{client.Client.Id}"));
        Assert.Null(details.QuerySelector("a[href$='/rotate-secret']"));
        var confirm = await PageAsync(await dashboard.Http.GetAsync($"{Clients}/{client.Client.Id}/rotate-secret"));

        var refused = await FormPost.Read(confirm).SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["A public client has no secret to rotate."], Html.Errors(await Html.ParseAsync(refused)));
    }

    [Fact]
    public async Task Deleting_a_client_goes_through_a_confirmation_and_its_secret_stops_working()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var client = await app.CreateClientAsync();
        var details = await PageAsync(await dashboard.Http.GetAsync($"{Clients}/{client.Client.Id}"));
        var confirmPath = details.QuerySelector("a[href$='/delete']")?.GetAttribute("href");
        var confirm = await PageAsync(await dashboard.Http.GetAsync(confirmPath));
        Assert.Contains(client.Client.ClientId, confirm.QuerySelector("main")?.TextContent, StringComparison.Ordinal);

        var deleted = await FormPost.Read(confirm).SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal($"{Clients}?flash=client-deleted", deleted.Headers.Location?.OriginalString);
        var list = await PageAsync(await dashboard.Http.GetAsync(deleted.Headers.Location));
        Assert.Equal("The client was deleted.", list.QuerySelector("[data-testid=flash]")?.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync($"{Clients}/{client.Client.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client("demo-test.localhost").ClientCredentialsAsync(client.Client.ClientId, client.ClientSecret!)).StatusCode);
    }

    [Fact]
    public async Task The_management_client_cannot_be_deleted_and_the_page_says_why()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var management = await ManagementClientIdAsync(app);
        var confirm = await PageAsync(await dashboard.Http.GetAsync($"{Clients}/{management}/delete"));

        var refused = await FormPost.Read(confirm).SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["The management client cannot be deleted; rotate its secret instead."], Html.Errors(await Html.ParseAsync(refused)));
        Assert.Equal(HttpStatusCode.OK, (await app.Client("demo-test.localhost").ClientCredentialsAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret)).StatusCode);
    }

    [Theory]
    [InlineData("/new")]
    [InlineData("/{id}")]
    [InlineData("/{id}/rotate-secret")]
    [InlineData("/{id}/delete")]
    public async Task A_post_without_the_antiforgery_token_changes_nothing_and_says_the_form_expired(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var client = await app.CreateClientAsync();
        var url = Clients + path.Replace("{id}", client.Client.Id.ToString(), StringComparison.Ordinal);
        var form = FormPost.Read(await PageAsync(await dashboard.Http.GetAsync(url))).Set("__RequestVerificationToken");

        var response = await form.SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Client("demo-test.localhost").ClientCredentialsAsync(client.Client.ClientId, client.ClientSecret!)).StatusCode);
    }

    [Fact]
    public async Task An_environment_never_shows_or_changes_another_environments_clients()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var production = await app.SendAsync("production", new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
            $"Production only {Guid.NewGuid():N}", [], [], [GrantTypes.ClientCredentials], [])));

        var testList = await dashboard.Http.GetStringAsync(Clients);
        var productionList = await dashboard.Http.GetStringAsync("/environments/production/oauth-clients");
        var details = await dashboard.Http.GetAsync($"{Clients}/{production.Client.Id}");
        var token = await dashboard.AntiforgeryTokenAsync(Clients);
        var delete = await dashboard.Http.PostAsync($"{Clients}/{production.Client.Id}/delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.DoesNotContain(production.Client.ClientId, testList, StringComparison.Ordinal);
        Assert.Contains(production.Client.ClientId, productionList, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(production.Client.Name, (await app.SendAsync("production", new GetOAuthClient(production.Client.Id))).Name);
    }

    [Fact]
    public async Task The_list_pages_with_htmx_and_a_bad_page_number_is_a_message()
    {
        var dashboard = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Sqlite));
        var request = new HttpRequestMessage(HttpMethod.Get, Clients + "?page=1");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Request-Type", "partial");

        var fragment = await dashboard.Http.SendAsync(request);
        var bad = await dashboard.Http.GetAsync(Clients + "?page=abc");

        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var html = await fragment.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"oauth-clients\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = await Html.ParseAsync(bad);
        Assert.Equal(["The value 'abc' is not valid."], Html.Errors(page));
        Assert.Equal("page", page.QuerySelector("nav a[aria-current=page]")?.GetAttribute("aria-current"));
        Assert.Equal("OAuth clients", page.QuerySelector("nav a[aria-current=page]")?.TextContent);
    }

    /// <summary>The wizard at the given step, steps before it answered for a confidential client with a code and a credentials grant.</summary>
    private static async Task<IHtmlDocument> WalkToAsync(DashboardClient dashboard, int step)
    {
        var page = await PageAsync(await dashboard.Http.GetAsync(Wizard));
        for (var answered = 1; answered < step; answered++)
        {
            page = await PageAsync(await Answer(answered, FormPost.Read(page)).SendAsync(dashboard.Http));
        }

        Assert.StartsWith($"Step {step} of 4", Progress(page), StringComparison.Ordinal);
        return page;
    }

    /// <summary>Good answers to a step's questions (the last step's defaults are good as they are).</summary>
    private static FormPost Answer(int step, FormPost form) => step switch
    {
        1 => form.Set("Name", "Wizard client").Set("ClientType", "Confidential"),
        2 => form.Set("GrantTypes", "authorization_code", "client_credentials"),
        3 => form.Set("RedirectUris", "https://app.example/callback").Set("AllowedScopes", "orders:read"),
        _ => form,
    };

    private static async Task<IHtmlDocument> PageAsync(HttpResponseMessage response)
    {
        var page = await Html.ParseAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {string.Join(" | ", Html.Errors(page))}");
        return page;
    }

    private static string? Progress(IHtmlDocument page) => page.QuerySelector("[data-testid=wizard-progress]")?.TextContent;

    private static Task<Guid> ManagementClientIdAsync(PaylentApp app) =>
        app.InEnvironmentAsync("test", services => services.GetRequiredService<PaylentDbContext>().OAuthClients
            .Where(c => c.ClientId == OAuthClient.ManagementClientId).Select(c => c.Id).SingleAsync());
}
