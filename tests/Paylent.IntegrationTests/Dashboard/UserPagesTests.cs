using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Audit;
using Paylent.Application.Common.Paging;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Domain.Audit;
using Paylent.Domain.Identity;
using Paylent.Infrastructure.Email;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Dashboard;

[Collection(AppsCollection.Name)]
public sealed class UserPagesTests(Apps apps)
{
    private const string Users = "/environments/test/users";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_creates_finds_edits_disables_and_deletes_a_user(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var email = Identity.NewEmail("Grace");

        var created = await FormPost.Read(await PageAsync(await dashboard.Http.GetAsync($"{Users}/new")))
            .Set("Email", email).Set("GivenName", "Grace").Set("FamilyName", "Hopper").Set("Password", Identity.Password)
            .SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var details = await PageAsync(await dashboard.Http.GetAsync(created.Headers.Location));
        Assert.Equal("The user was created.", details.QuerySelector("[data-testid=flash]")?.TextContent);
        Assert.Equal(email, details.QuerySelector("h1")?.TextContent);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('?')[0].Split('/')[^1]);
        var session = await app.SignInAsync(email);

        var search = await PageAsync(await dashboard.Http.GetAsync($"{Users}?search=grace-"));
        Assert.Contains(email, search.QuerySelector("[data-testid=users]")?.TextContent, StringComparison.Ordinal);
        var miss = await PageAsync(await dashboard.Http.GetAsync($"{Users}?search=nobody-at-all"));
        Assert.NotNull(miss.QuerySelector("[data-testid=users-empty]"));

        var saved = await FormPost.Read(details, "main form[novalidate]").Set("FamilyName", "Murray Hopper").Set("Status", "Disabled").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await app.SendAsync("test", new GetUser(id));
        Assert.Equal("Murray Hopper", stored.FamilyName);
        Assert.Equal(UserStatus.Disabled, stored.Status);
        Assert.Null(await app.SendAsync("test", new AuthenticateSession(session.Token)));

        var confirm = await PageAsync(await dashboard.Http.GetAsync($"{Users}/{id}/delete"));
        var deleted = await FormPost.Read(confirm).SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal($"{Users}?flash=user-deleted", deleted.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync($"{Users}/{id}")).StatusCode);
        var actions = await AuditActionsAsync(app, id);
        Assert.Equal(["user.created", "user.signed_in", "user.updated", "user.deleted"], actions);
    }

    [Fact]
    public async Task Marking_an_email_verified_and_sending_a_reset_link_to_the_environment_host()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var user = await app.CreateUserAsync();
        var details = await PageAsync(await dashboard.Http.GetAsync($"{Users}/{user.Id}"));

        var verified = await FormPost.Read(details, $"form[action$='/verify-email']").SendAsync(dashboard.Http);
        var reset = await FormPost.Read(details, $"form[action$='/password-reset']").SendAsync(dashboard.Http);

        Assert.Equal($"{Users}/{user.Id}?flash=email-verified", verified.Headers.Location?.OriginalString);
        Assert.True((await app.SendAsync("test", new GetUser(user.Id))).EmailVerified);
        Assert.Equal($"{Users}/{user.Id}?flash=password-reset-sent", reset.Headers.Location?.OriginalString);
        var message = await app.Mailbox.WaitForAsync(user.Email);
        Assert.StartsWith("http://demo-test.localhost/reset-password?token=", message.FirstLink, StringComparison.Ordinal);
        var after = await PageAsync(await dashboard.Http.GetAsync($"{Users}/{user.Id}"));
        Assert.Null(after.QuerySelector("form[action$='/verify-email']"));
        Assert.Contains("user.email_verified", await AuditActionsAsync(app, user.Id));
    }

    [Fact]
    public async Task Setting_a_password_signs_the_user_out_and_a_bad_one_is_a_field_message()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);
        var page = await PageAsync(await dashboard.Http.GetAsync($"{Users}/{user.Id}/password"));

        var tooShort = await FormPost.Read(page).Set("Password", "short").SendAsync(dashboard.Http);
        var huge = await FormPost.Read(page).Set("Password", new string('p', 1024 * 1024)).SendAsync(dashboard.Http);
        var set = await FormPost.Read(page).Set("Password", "a brand new passphrase").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        var refused = await Html.ParseAsync(tooShort);
        Assert.Equal(["A password is at least 8 characters."], Html.Errors(refused));
        Assert.Equal("true", refused.QuerySelector("#Password")?.GetAttribute("aria-invalid"));
        Assert.Equal(string.Empty, refused.QuerySelector("#Password")?.GetAttribute("value") ?? string.Empty);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal(["A password is at most 256 characters."], Html.Errors(await Html.ParseAsync(huge)));
        Assert.Equal($"{Users}/{user.Id}?flash=password-set", set.Headers.Location?.OriginalString);
        Assert.Null(await app.SendAsync("test", new AuthenticateSession(session.Token)));
        Assert.NotNull((await app.SignInAsync(user.Email, password: "a brand new passphrase")).Token);
        var trail = await app.SendAsync("test", new ListAuditEvents(Action: "user.password_changed", TargetId: user.Id.ToString()));
        var change = Assert.Single(trail.Items).Changes["password_hash"];
        Assert.Equal(AuditChange.Redacted, change.To?.ToString());
    }

    [Fact]
    public async Task A_session_is_revoked_after_a_confirmation_and_only_on_its_own_users_page()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);
        var list = await PageAsync(await dashboard.Http.GetAsync($"{Users}/{user.Id}/sessions"));
        Assert.Equal("active", list.QuerySelector($"tr[data-session='{session.SessionId}'] [data-testid=session-status]")?.TextContent);
        var revokeLink = list.QuerySelector($"tr[data-session='{session.SessionId}'] a")?.GetAttribute("href");

        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync($"{Users}/{other.Id}/sessions/{session.SessionId}/revoke")).StatusCode);
        var confirm = await PageAsync(await dashboard.Http.GetAsync(revokeLink));
        var revoked = await FormPost.Read(confirm).SendAsync(dashboard.Http);

        Assert.Equal($"{Users}/{user.Id}/sessions?flash=session-revoked", revoked.Headers.Location?.OriginalString);
        var after = await PageAsync(await dashboard.Http.GetAsync(revoked.Headers.Location));
        Assert.Equal("revoked", after.QuerySelector($"tr[data-session='{session.SessionId}'] [data-testid=session-status]")?.TextContent);
        Assert.Null(await app.SendAsync("test", new AuthenticateSession(session.Token)));
    }

    public static TheoryData<string, string, string> BadProfiles => new()
    {
        { "Email", "", "Enter an email address." },
        { "Email", "not-an-email", "Enter a valid email address, like name@example.com." },
        { "Email", "ada\u0001@example.com", "Enter a valid email address, like name@example.com." },
        { "Email", new string('e', 100 * 1024), "An email address is at most 254 characters." },
        { "GivenName", "Ada\u0007", "'Given Name' must not contain control characters." },
        { "FamilyName", new string('f', 101), "The length of 'Family Name' must be 100 characters or fewer. You entered 101 characters." },
        { "Username", "has space", "A username is letters, digits, dots, hyphens and underscores, starting with a letter or digit." },
        { "Status", "Locked", "The value 'Locked' is not valid for Status." },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task A_bad_profile_is_a_field_message_and_changes_nothing(string field, string value, string message)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var user = await app.CreateUserAsync();
        var details = await PageAsync(await dashboard.Http.GetAsync($"{Users}/{user.Id}"));

        var response = await FormPost.Read(details, "main form[novalidate]").Set(field, value).SendAsync(dashboard.Http);

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, html);
        Assert.Equal([message], Html.Errors(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html)));
        Assert.Equal(user.Email, (await app.SendAsync("test", new GetUser(user.Id))).Email);
        Assert.Equal(UserStatus.Active, (await app.SendAsync("test", new GetUser(user.Id))).Status);
    }

    [Fact]
    public async Task A_nul_character_in_a_form_is_refused_and_changes_nothing()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var user = await app.CreateUserAsync();
        var details = await PageAsync(await dashboard.Http.GetAsync($"{Users}/{user.Id}"));

        var response = await FormPost.Read(details, "main form[novalidate]").Set("GivenName", "Ada\0").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Ada", (await app.SendAsync("test", new GetUser(user.Id))).GivenName);
    }

    [Fact]
    public async Task Creating_a_user_with_a_taken_email_or_bad_password_is_refused_on_the_form()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var existing = await app.CreateUserAsync();
        var form = await PageAsync(await dashboard.Http.GetAsync($"{Users}/new"));
        var fresh = Identity.NewEmail();

        var taken = await FormPost.Read(form).Set("Email", existing.Email.ToUpperInvariant()).SendAsync(dashboard.Http);
        var common = await FormPost.Read(form).Set("Email", fresh).Set("Password", "password123").SendAsync(dashboard.Http);

        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        var takenPage = await Html.ParseAsync(taken);
        Assert.Equal(["Another user has this email address."], Html.Errors(takenPage));
        Assert.Equal("true", takenPage.QuerySelector("#Email")?.GetAttribute("aria-invalid"));
        Assert.Equal(HttpStatusCode.BadRequest, common.StatusCode);
        var commonPage = await Html.ParseAsync(common);
        Assert.Equal(["This password is too common. Choose one that is harder to guess."], Html.Errors(commonPage));
        Assert.Equal(fresh, commonPage.QuerySelector("#Email")?.GetAttribute("value"));
        Assert.Empty((await app.SendAsync("test", new ListUsers(Email: fresh))).Items);
    }

    /// <summary>The form-expired page links to the page to open again: the form's own, or for an action without one, the user's page.</summary>
    [Theory]
    [InlineData("/new", "/new")]
    [InlineData("/{id}", "/{id}")]
    [InlineData("/{id}/password", "/{id}/password")]
    [InlineData("/{id}/delete", "/{id}/delete")]
    [InlineData("/{id}/verify-email", "/{id}")]
    [InlineData("/{id}/password-reset", "/{id}")]
    [InlineData("/{id}/sessions/{session}/revoke", "/{id}/sessions/{session}/revoke")]
    public async Task A_post_without_the_antiforgery_token_changes_nothing(string path, string pageAgain)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var user = await app.CreateUserAsync();
        var session = await app.SignInAsync(user.Email);
        var url = Users + path.Replace("{id}", user.Id.ToString(), StringComparison.Ordinal).Replace("{session}", session.SessionId.ToString(), StringComparison.Ordinal);

        var response = await dashboard.Http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = Identity.NewEmail(),
            ["Password"] = "a brand new passphrase",
            ["Status"] = "Disabled",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = (await Html.ParseAsync(response)).QuerySelector("[data-testid=page-again]")!.GetAttribute("href");
        Assert.Equal(Users + pageAgain.Replace("{id}", user.Id.ToString(), StringComparison.Ordinal).Replace("{session}", session.SessionId.ToString(), StringComparison.Ordinal), again);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.GetAsync(again)).StatusCode);
        var after = await app.SendAsync("test", new GetUser(user.Id));
        Assert.Equal((user.Email, UserStatus.Active, false), (after.Email, after.Status, after.EmailVerified));
        Assert.NotNull(await app.SendAsync("test", new AuthenticateSession(session.Token)));
    }

    [Fact]
    public async Task Another_environments_user_is_not_found_and_the_list_pages_with_htmx()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var production = await app.CreateUserAsync(environment: "production");
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Users}?page=1");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Request-Type", "partial");

        var testList = await Html.ParseAsync(await dashboard.Http.GetAsync($"{Users}?search={Uri.EscapeDataString(production.Email)}"));
        var fragment = await dashboard.Http.SendAsync(request);
        var bad = await dashboard.Http.GetAsync($"{Users}?page=0");

        Assert.NotNull(testList.QuerySelector("[data-testid=users-empty]"));
        Assert.Contains(production.Email, await dashboard.Http.GetStringAsync("/environments/production/users"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync($"{Users}/{production.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync($"{Users}/{production.Id}/sessions")).StatusCode);
        var token = await dashboard.AntiforgeryTokenAsync(Users);
        var delete = await dashboard.Http.PostAsync($"{Users}/{production.Id}/delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(production.Email, (await app.SendAsync("production", new GetUser(production.Id))).Email);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.DoesNotContain("<html", await fragment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Users", (await Html.ParseAsync(bad)).QuerySelector("nav a[aria-current=page]")?.TextContent);
    }

    /// <summary>The user's audit actions, oldest first.</summary>
    private static async Task<List<string>> AuditActionsAsync(PaylentApp app, Guid userId)
    {
        var events = await app.SendAsync("test", new ListAuditEvents(TargetId: userId.ToString(), Page: new PageRequest(1, PageRequest.MaxSize)));
        return events.Items.Select(e => e.Action).Reverse().ToList();
    }

    private static async Task<IHtmlDocument> PageAsync(HttpResponseMessage response)
    {
        var page = await Html.ParseAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {string.Join(" | ", Html.Errors(page))}");
        return page;
    }
}
