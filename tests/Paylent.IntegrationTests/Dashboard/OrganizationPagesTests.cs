using System.Net;
using AngleSharp.Html.Dom;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common.Paging;
using Paylent.Application.Organizations.Invitations;
using Paylent.Application.Organizations.Memberships;
using Paylent.Application.Organizations.Organizations;
using Paylent.Domain.Organizations;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

/// <summary>
/// The organization pages' forms and addresses as a careless or hostile admin would use them: each bad
/// input is a message on its form (400), an id that is not the environment's is a 404, never a 500,
/// and nothing is half-written. Run on both providers: PostgreSQL refuses what SQLite lets through.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class OrganizationPagesTests(Apps apps)
{
    private const string Organizations = "/environments/test/organizations";

    private static string NewSlug() => $"org-{Guid.NewGuid():N}"[..20];

    private static async Task<OrganizationDto> CreateAsync(PaylentApp app, string environment = "test") =>
        await app.SendAsync(environment, new CreateOrganization(NewSlug(), "Acme", null));

    private static async Task<Guid> RoleIdAsync(PaylentApp app, string slug) =>
        Assert.Single((await app.SendAsync("test", new ListRoles(Slug: slug))).Items).Id;

    private static async Task<IHtmlDocument> PageAsync(HttpResponseMessage response)
    {
        var page = await Html.ParseAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {string.Join(" | ", Html.Errors(page))}");
        return page;
    }

    private static async Task<IReadOnlyList<string>> RefusedAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {html}");
        return Html.Errors(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_creates_an_organization_and_a_taken_slug_is_a_form_message(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var slug = NewSlug();
        var form = await PageAsync(await dashboard.Http.GetAsync($"{Organizations}/new"));

        var created = await FormPost.Read(form).Set("Slug", slug).Set("Name", "Acme Corp").Set("Metadata", "{ \"plan\": \"pro\" }").SendAsync(dashboard.Http);
        var taken = await FormPost.Read(form).Set("Slug", slug).Set("Name", "Other").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var details = await PageAsync(await dashboard.Http.GetAsync(created.Headers.Location));
        Assert.Equal("The organization was created. Add its first member, its owner.", details.QuerySelector("[data-testid=flash]")?.TextContent);
        Assert.Equal("Acme Corp", details.QuerySelector("h1")?.TextContent);
        var stored = Assert.Single((await app.SendAsync("test", new ListOrganizations(Slug: slug))).Items);
        Assert.Equal("{\"plan\":\"pro\"}", stored.Metadata);
        Assert.Equal([$"The environment already has an organization {slug}."], await RefusedAsync(taken));
        Assert.Contains(slug, (await PageAsync(await dashboard.Http.GetAsync($"{Organizations}?search={slug[..10]}"))).QuerySelector("[data-testid=organizations]")?.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<DatabaseProvider, string, string, string> BadOrganizations()
    {
        var data = new TheoryData<DatabaseProvider, string, string, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            data.Add(provider, "Slug", "Acme Corp", "An organization slug is 1-50 lower-case letters, digits and hyphens.");
            data.Add(provider, "Slug", "acme\u0001", "An organization slug is 1-50 lower-case letters, digits and hyphens.");
            data.Add(provider, "Slug", new string('a', 51), "The length of 'Slug' must be 50 characters or fewer. You entered 51 characters.");
            data.Add(provider, "Name", "Acme\u0007", "'Name' must not contain control characters.");
            data.Add(provider, "Name", " ", "'Name' must not be empty.");
            data.Add(provider, "Metadata", "not json", "Metadata must be a JSON object at most 8 levels deep.");
            data.Add(provider, "Metadata", "[1, 2]", "Metadata must be a JSON object.");
            data.Add(provider, "Metadata", "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 9)) + "1" + new string('}', 10), "Metadata must be a JSON object at most 8 levels deep.");
            data.Add(provider, "Metadata", "{\"a\": \"\\u0000\"}", "Metadata is a JSON object of at most 4096 bytes whose keys and strings are valid text (no NUL).");
            data.Add(provider, "Metadata", "{\"a\": \"\\ud800\"}", "Metadata is a JSON object of at most 4096 bytes whose keys and strings are valid text (no NUL).");
            data.Add(provider, "Metadata", "{\"a\": \"" + new string('x', 5000) + "\"}", "Metadata is a JSON object of at most 4096 bytes whose keys and strings are valid text (no NUL).");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadOrganizations))]
    public async Task A_bad_organization_field_is_a_form_message_and_nothing_is_created(DatabaseProvider provider, string field, string value, string message)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var slug = NewSlug();
        var form = await PageAsync(await dashboard.Http.GetAsync($"{Organizations}/new"));

        var response = await FormPost.Read(form).Set("Slug", slug).Set("Name", "Acme").Set(field, value).SendAsync(dashboard.Http);

        Assert.Contains(message, await RefusedAsync(response));
        Assert.Empty((await app.SendAsync("test", new ListOrganizations(Slug: slug))).Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_edits_of_an_organization_are_form_messages_and_a_nul_is_refused_before_the_database(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var organization = await CreateAsync(app);
        var details = await PageAsync(await dashboard.Http.GetAsync($"{Organizations}/{organization.Id}"));
        var settings = FormPost.Read(details, "form[data-testid=settings-form]");

        var control = await settings.Set("Name", "Acme\u001b").SendAsync(dashboard.Http);
        var metadata = await settings.Set("Name", "Acme").Set("Metadata", "{\"plan\": ").SendAsync(dashboard.Http);
        var nul = await settings.Set("Name", "Ac\0me").Set("Metadata", "").SendAsync(dashboard.Http);
        var saved = await settings.Set("Name", "Acme Renamed").Set("Metadata", "{\"tier\": 2}").SendAsync(dashboard.Http);

        Assert.Equal(["'Name' must not contain control characters."], await RefusedAsync(control));
        Assert.Equal(["Metadata must be a JSON object at most 8 levels deep."], await RefusedAsync(metadata));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("could not be accepted", await nul.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await app.SendAsync("test", new GetOrganization(organization.Id));
        Assert.Equal(("Acme Renamed", "{\"tier\":2}"), (stored.Name, stored.Metadata));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_member_and_invitation_input_is_a_form_message_and_the_last_owner_stays(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var organization = await CreateAsync(app);
        var owner = await app.CreateUserAsync();
        var ownerRole = await RoleIdAsync(app, "org:owner");
        var path = $"{Organizations}/{organization.Id}";
        var details = await PageAsync(await dashboard.Http.GetAsync(path));
        var addMember = FormPost.Read(details, "form[data-testid=add-member-form]");
        var invite = FormPost.Read(details, "form[data-testid=invite-form]");

        Assert.Equal(["No user of this environment has this email address or id."], await RefusedAsync(await addMember.Set("User", Identity.NewEmail()).SendAsync(dashboard.Http)));
        Assert.Equal(["No user of this environment has this email address or id."], await RefusedAsync(await addMember.Set("User", Guid.NewGuid().ToString()).SendAsync(dashboard.Http)));
        Assert.Equal(["Enter the email address or id of a user of this environment."], await RefusedAsync(await addMember.Set("User", "").SendAsync(dashboard.Http)));
        Assert.Equal(["The value 'owner' is not valid."], await RefusedAsync(await addMember.Set("User", owner.Email).Set("RoleIds", "owner").SendAsync(dashboard.Http)));
        var added = await addMember.Set("User", owner.Email.ToUpperInvariant()).Set("RoleIds", ownerRole.ToString()).SendAsync(dashboard.Http);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(["The user is already a member of this organization."], await RefusedAsync(await addMember.Set("User", owner.Id.ToString()).SendAsync(dashboard.Http)));

        var membership = Assert.Single((await app.SendAsync("test", new ListMemberships(organization.Id))).Items);
        var memberPath = $"{path}/members/{membership.Id}";
        var memberForm = FormPost.Read(await PageAsync(await dashboard.Http.GetAsync(memberPath)), "form[data-testid=member-form]");
        var lastOwner = "This member is the organization's last active owner: make another member owner first.";
        Assert.Equal([lastOwner], await RefusedAsync(await memberForm.Set("RoleIds").SendAsync(dashboard.Http)));
        Assert.Equal([lastOwner], await RefusedAsync(await memberForm.Set("RoleIds", ownerRole.ToString()).Set("Status", "Inactive").SendAsync(dashboard.Http)));
        Assert.Equal(["The value 'Suspended' is not valid for Status."], await RefusedAsync(await memberForm.Set("Status", "Suspended").SendAsync(dashboard.Http)));
        var remove = FormPost.Read(await PageAsync(await dashboard.Http.GetAsync($"{memberPath}/remove")));
        Assert.Equal([lastOwner], await RefusedAsync(await remove.SendAsync(dashboard.Http)));
        var kept = Assert.Single((await app.SendAsync("test", new ListMemberships(organization.Id))).Items);
        Assert.Equal("active", kept.Status);
        Assert.Equal([ownerRole], kept.Roles.Select(r => r.Id));

        Assert.Contains("Enter a valid email address, like name@example.com.", await RefusedAsync(await invite.Set("Email", "not an email").SendAsync(dashboard.Http)));
        Assert.Equal(["'Lifetime Days' must be between 1 and 30. You entered 31."], await RefusedAsync(await invite.Set("Email", Identity.NewEmail()).Set("LifetimeDays", "31").SendAsync(dashboard.Http)));
        Assert.Equal(["The value 'soon' is not valid for Lifetime (days)."], await RefusedAsync(await invite.Set("LifetimeDays", "soon").SendAsync(dashboard.Http)));
        Assert.Equal(["A user with this email address is already a member of the organization."], await RefusedAsync(await invite.Set("Email", owner.Email).Set("LifetimeDays", "7").SendAsync(dashboard.Http)));
        var email = Identity.NewEmail();
        Assert.Equal(HttpStatusCode.Redirect, (await invite.Set("Email", email).SendAsync(dashboard.Http)).StatusCode);
        Assert.Equal(["This email address already has a pending invitation to the organization: resend it instead."], await RefusedAsync(await invite.Set("Email", email).SendAsync(dashboard.Http)));
        var invitation = Assert.Single((await app.SendAsync("test", new ListInvitations(organization.Id))).Items);
        var revoke = FormPost.Read(await PageAsync(await dashboard.Http.GetAsync($"{path}/invitations/{invitation.Id}/revoke")));
        Assert.Equal(HttpStatusCode.Redirect, (await revoke.SendAsync(dashboard.Http)).StatusCode);
        Assert.Equal(["This invitation was revoked."], await RefusedAsync(await revoke.SendAsync(dashboard.Http)));
        var token = await dashboard.AntiforgeryTokenAsync(path);
        var resend = await dashboard.Http.PostAsync($"{path}/invitations/{invitation.Id}/resend", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(["This invitation was revoked."], await RefusedAsync(resend));
        Assert.Equal("revoked", (await app.SendAsync("test", new GetInvitation(organization.Id, invitation.Id))).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_ids_and_another_environments_organization_are_not_found_and_change_nothing(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var production = await CreateAsync(app, "production");
        var organization = await CreateAsync(app);
        var token = await dashboard.AntiforgeryTokenAsync(Organizations);
        var unknown = Guid.NewGuid();
        Task<HttpResponseMessage> PostAsync(string path, params (string, string)[] fields) => dashboard.Http.PostAsync(path, new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))]));

        foreach (var path in new[]
        {
            $"{Organizations}/{production.Id}", $"{Organizations}/{unknown}", $"{Organizations}/{production.Id}/delete",
            $"{Organizations}/{organization.Id}/members/{unknown}", $"{Organizations}/{organization.Id}/members/{unknown}/remove",
            $"{Organizations}/{organization.Id}/invitations/{unknown}/revoke",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync($"{Organizations}/{production.Id}/delete")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync($"{Organizations}/{production.Id}", ("Name", "Taken over"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync($"{Organizations}/{production.Id}/invitations", ("Email", Identity.NewEmail()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync($"{Organizations}/{organization.Id}/invitations/{unknown}/resend")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync($"{Organizations}/{organization.Id}/members/{unknown}", ("Status", "Inactive"))).StatusCode);

        // A role of another environment is no role here.
        var productionRole = Assert.Single((await app.SendAsync("production", new ListRoles(Slug: "org:admin"))).Items).Id;
        var user = await app.CreateUserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync($"{Organizations}/{organization.Id}/members", ("User", user.Email), ("RoleIds", productionRole.ToString()))).StatusCode);
        Assert.Empty((await app.SendAsync("test", new ListMemberships(organization.Id))).Items);
        Assert.Equal("Acme", (await app.SendAsync("production", new GetOrganization(production.Id))).Name);

        var bad = await dashboard.Http.GetAsync($"{Organizations}?page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Organizations", (await Html.ParseAsync(bad)).QuerySelector("nav a[aria-current=page]")?.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.Http.GetAsync($"{Organizations}/{organization.Id}?members=0")).StatusCode);
        var fragment = new HttpRequestMessage(HttpMethod.Get, $"{Organizations}?search=org-");
        fragment.Headers.Add("HX-Request", "true");
        fragment.Headers.Add("HX-Request-Type", "partial");
        var swapped = await dashboard.Http.SendAsync(fragment);
        Assert.Equal(HttpStatusCode.OK, swapped.StatusCode);
        Assert.DoesNotContain("<html", await swapped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/new", "/new")]
    [InlineData("/{id}", "/{id}")]
    [InlineData("/{id}/delete", "/{id}/delete")]
    [InlineData("/{id}/members", "/{id}")]
    [InlineData("/{id}/invitations", "/{id}")]
    [InlineData("/{id}/invitations/{other}/resend", "/{id}")]
    public async Task A_post_without_the_antiforgery_token_changes_nothing(string path, string pageAgain)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var organization = await CreateAsync(app);
        var user = await app.CreateUserAsync();

        var response = await dashboard.Http.PostAsync(Organizations + path.Replace("{id}", organization.Id.ToString(), StringComparison.Ordinal).Replace("{other}", Guid.NewGuid().ToString(), StringComparison.Ordinal),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Slug"] = NewSlug(), ["Name"] = "Changed", ["User"] = user.Email, ["Email"] = Identity.NewEmail() }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Its link opens the form's own page, or for an action without one, the organization's.
        var again = (await Html.ParseAsync(response)).QuerySelector("[data-testid=page-again]")!.GetAttribute("href");
        Assert.Equal(Organizations + pageAgain.Replace("{id}", organization.Id.ToString(), StringComparison.Ordinal), again);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.GetAsync(again)).StatusCode);
        Assert.Equal("Acme", (await app.SendAsync("test", new GetOrganization(organization.Id))).Name);
        Assert.Empty((await app.SendAsync("test", new ListMemberships(organization.Id))).Items);
        Assert.Empty((await app.SendAsync("test", new ListInvitations(organization.Id, Page: new PageRequest(1, 1)))).Items);
    }

    [Fact]
    public async Task A_users_page_lists_the_organizations_the_user_belongs_to()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var organization = await CreateAsync(app);
        var user = await app.CreateUserAsync();
        await app.SendAsync("test", new AddMember(organization.Id, user.Id, MembershipStatus.Inactive, [await RoleIdAsync(app, "org:admin")]));

        var page = await PageAsync(await dashboard.Http.GetAsync($"/environments/test/users/{user.Id}"));

        var item = page.QuerySelector($"[data-testid=user-organizations] [data-organization='{organization.Slug}']");
        Assert.NotNull(item);
        Assert.Equal($"{Organizations}/{organization.Id}", item.QuerySelector("a")?.GetAttribute("href"));
        Assert.Contains("inactive", item.TextContent, StringComparison.Ordinal);
        Assert.Contains("org:admin", item.TextContent, StringComparison.Ordinal);
    }
}
