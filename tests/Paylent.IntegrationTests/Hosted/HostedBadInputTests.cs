using System.Net;
using Paylent.Application.Identity.Users;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>Malformed input on every hosted form: a clear message, never a server error, nothing half-written.</summary>
[Collection(AppsCollection.Name)]
public sealed class HostedBadInputTests(Apps apps)
{
    private static readonly string Megabyte = new('p', 1024 * 1024);

    public static TheoryData<string, string, string, string> BadSignUps => new()
    {
        { "", HostedClient.Password, "", "Enter an email address." },
        { "not an email", HostedClient.Password, "", "Enter a valid email address, like name@example.com." },
        { "ada\u0001@example.com", HostedClient.Password, "", "Enter a valid email address, like name@example.com." },
        { new string('a', 300) + "@example.com", HostedClient.Password, "", "An email address is at most 254 characters." },
        { "{email}", "", "", "Enter a password." },
        { "{email}", "short", "", "A password is at least 8 characters." },
        { "{email}", Megabyte, "", "A password is at most 256 characters." },
        { "{email}", "password123", "", "This password is too common. Choose one that is harder to guess." },
        { "{email}", HostedClient.Password, "Ada\u0001", "must not contain control characters" },
        { "{email}", HostedClient.Password, new string('n', 101), "100" },
    };

    [Theory]
    [MemberData(nameof(BadSignUps))]
    public async Task Bad_sign_up_input_rerenders_the_form_with_a_message_and_creates_nothing(string email, string password, string givenName, string message)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var browser = HostedClient.For(app);
        email = email.Replace("{email}", HostedClient.NewEmail(), StringComparison.Ordinal);

        var response = await browser.SubmitAsync("/sign-up", ("Email", email), ("Password", password), ("GivenName", givenName));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains(Html.Errors(page), e => e.Contains(message, StringComparison.Ordinal));
        Assert.Empty(page.QuerySelector("#Password")?.GetAttribute("value") ?? string.Empty);
        Assert.Equal("true", page.QuerySelector("[aria-invalid=true]")?.GetAttribute("aria-invalid"));
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("paylent_session=", StringComparison.Ordinal)));
        await AssertNoUserAsync(app, email);
        Assert.Equal(0, await Mailbox.QueuedAsync(app, email));
    }

    [Theory]
    [InlineData("/sign-up")]
    [InlineData("/sign-in")]
    [InlineData("/forgot-password")]
    public async Task A_nul_character_the_framework_cannot_read_is_refused_and_changes_nothing(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = HostedClient.NewEmail();

        var response = await HostedClient.For(app).SubmitAsync(path, ("Email", email), ("Password", "pass\0word"), ("GivenName", "Ada\0"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing was changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNoUserAsync(app, email);
        Assert.Equal(0, await Mailbox.QueuedAsync(app, email));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_agent_whose_bound_falls_inside_an_emoji_is_cut_before_it_and_signing_in_and_up_go_through(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = await HostedPagesTests.CreateUserAsync(app);

        // Sessions keep 512 characters of the User-Agent; the 512th here is the first half of the emoji,
        // which PostgreSQL would refuse to store if the cut kept it.
        var userAgent = new string('a', 511) + "\U0001F600";
        HostedClient Browser()
        {
            var browser = HostedClient.For(app);
            browser.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
            return browser;
        }

        Assert.Equal(HttpStatusCode.Redirect, (await Browser().SignInAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser().SignUpAsync(HostedClient.NewEmail())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser().SignInAsync(email)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reset_link_posted_many_times_at_once_changes_the_password_once(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = await HostedPagesTests.CreateUserAsync(app);
        await HostedClient.For(app).SubmitAsync("/forgot-password", ("Email", email));
        var link = await Mailbox.LinkAsync(app, email, "/reset-password");

        // Each browser has the form open (its antiforgery token) before any of them posts.
        var posts = new List<(HostedClient Browser, FormPost Form, string Password)>();
        for (var i = 0; i < 8; i++)
        {
            var browser = HostedClient.For(app);
            var form = FormPost.Read(await browser.PageAsync(link));
            form.Set("NewPassword", $"a brand new passphrase {i}");
            posts.Add((browser, form, $"a brand new passphrase {i}"));
        }

        var answers = await Task.WhenAll(posts.Select(p => p.Form.SendAsync(p.Browser.Http)));

        var changed = new List<string>();
        for (var i = 0; i < answers.Length; i++)
        {
            var body = await answers[i].Content.ReadAsStringAsync();
            Assert.True(answers[i].StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{answers[i].StatusCode}: {body}");
            if (body.Contains("Password changed", StringComparison.Ordinal))
            {
                changed.Add(posts[i].Password);
            }
        }

        // One was told its password changed, and that password is the one that works.
        var password = Assert.Single(changed);
        Assert.Equal(HttpStatusCode.Redirect, (await HostedClient.For(app).SignInAsync(email, password)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Forgot_password_posted_many_times_at_once_emails_one_link(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = await HostedPagesTests.CreateUserAsync(app);
        var forms = new List<(HostedClient Browser, FormPost Form)>();
        for (var i = 0; i < 10; i++)
        {
            var browser = HostedClient.For(app);
            forms.Add((browser, FormPost.Read(await browser.PageAsync("/forgot-password")).Set("Email", email)));
        }

        var answers = await Task.WhenAll(forms.Select(f => f.Form.SendAsync(f.Browser.Http)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(1, await Mailbox.QueuedAsync(app, email));
    }

    [Fact]
    public async Task A_taken_email_is_a_message_on_the_email_field()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await HostedPagesTests.CreateUserAsync(app);

        var response = await HostedClient.For(app).SubmitAsync("/sign-up", ("Email", email.ToUpperInvariant()), ("Password", HostedClient.Password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("#Email", page.QuerySelector(".error-summary a")?.GetAttribute("href"));
        Assert.Equal("Email-error", page.QuerySelector("#Email")?.GetAttribute("aria-describedby"));
        Assert.Contains("Another user has this email address.", page.QuerySelector("#Email-error")?.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadSignIns => new()
    {
        { "", "", "Enter an email address." },
        { "{email}", "", "Enter your password." },
        { "not an email", "whatever password", "Enter a valid email address, like name@example.com." },
        { "ada\u0007@example.com", "whatever password", "Enter a valid email address, like name@example.com." },
        { "{email}", Megabyte, "A password is at most 256 characters." },
        { "{email}", "wrong password", "The email or password is incorrect." },
        { "nobody@example.com", HostedClient.Password, "The email or password is incorrect." },
        { "{email}", "pass\u0001word", "The email or password is incorrect." },
    };

    [Theory]
    [MemberData(nameof(BadSignIns))]
    public async Task Bad_sign_in_input_rerenders_the_form_with_one_clear_message(string email, string password, string message)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var existing = await HostedPagesTests.CreateUserAsync(app);

        var response = await HostedClient.For(app).SubmitAsync("/sign-in", ("Email", email.Replace("{email}", existing, StringComparison.Ordinal)), ("Password", password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, Html.Errors(await Html.ParseAsync(response)));
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("paylent_session=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("", "Enter an email address.")]
    [InlineData("not an email", "Enter a valid email address, like name@example.com.")]
    [InlineData("a\u001f@example.com", "Enter a valid email address, like name@example.com.")]
    public async Task Bad_forgot_password_input_gets_a_message(string email, string message)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await HostedClient.For(app).SubmitAsync("/forgot-password", ("Email", email));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, Html.Errors(await Html.ParseAsync(response)));
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_known_and_unknown_addresses()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var known = await HostedPagesTests.CreateUserAsync(app);

        var forKnown = await HostedClient.For(app).SubmitAsync("/forgot-password", ("Email", known));
        var forUnknown = await HostedClient.For(app).SubmitAsync("/forgot-password", ("Email", "nobody@example.com"));

        Assert.Equal(HttpStatusCode.OK, forKnown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forUnknown.StatusCode);
        string Text(string html, string email) => html.Replace(email, "EMAIL", StringComparison.Ordinal);
        Assert.Equal(
            Text((await Html.ParseAsync(forKnown)).QuerySelector("main")!.TextContent, known),
            Text((await Html.ParseAsync(forUnknown)).QuerySelector("main")!.TextContent, "nobody@example.com"));
        Assert.Equal(1, await Mailbox.QueuedAsync(app, known));
    }

    [Theory]
    [InlineData("/reset-password", "")]
    [InlineData("/reset-password", "?token=")]
    [InlineData("/verify-email", "")]
    [InlineData("/verify-email", "?token=")]
    public async Task A_link_without_a_token_says_it_is_not_valid(string path, string query)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var page = await HostedClient.For(app).PageAsync(path + query);

        Assert.Equal("This link is not valid", page.QuerySelector("h1")?.TextContent);
    }

    [Theory]
    [InlineData("/reset-password", "unknown-token-0123456789")]
    [InlineData("/reset-password", "not a token!")]
    [InlineData("/reset-password", "{long}")]
    [InlineData("/verify-email", "unknown-token-0123456789")]
    [InlineData("/verify-email", "not a token!")]
    [InlineData("/verify-email", "{long}")]
    public async Task A_wrong_token_posted_gets_the_invalid_link_page(string path, string token)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        token = token.Replace("{long}", new string('t', 100_000), StringComparison.Ordinal);

        // The form as a user has it open (a reset form opens only from a working link), posted with another token.
        var response = await HostedClient.For(app).SubmitAsync(await LinkPageAsync(app, $"{path}?token=x"), ("Token", token), ("NewPassword", "a valid new passphrase"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This link is not valid", (await Html.ParseAsync(response)).QuerySelector("h1")?.TextContent);
    }

    /// <summary>The page a path opens: for the reset form, the link a real forgot-password request emailed.</summary>
    private static async Task<string> LinkPageAsync(PaylentApp app, string path)
    {
        if (!path.StartsWith("/reset-password", StringComparison.Ordinal))
        {
            return path;
        }

        var email = await HostedPagesTests.CreateUserAsync(app);
        await HostedClient.For(app).SubmitAsync("/forgot-password", ("Email", email));
        return await Mailbox.LinkAsync(app, email, "/reset-password");
    }

    [Fact]
    public async Task A_bad_new_password_keeps_the_reset_form_and_its_link()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await HostedPagesTests.CreateUserAsync(app);
        await HostedClient.For(app).SubmitAsync("/forgot-password", ("Email", email));
        var link = await Mailbox.LinkAsync(app, email, "/reset-password");
        var browser = HostedClient.For(app);

        var tooShort = await browser.SubmitAsync(link, ("NewPassword", "short"));
        var good = await FormPost.Read(await Html.ParseAsync(tooShort)).Set("NewPassword", "a valid new passphrase").SendAsync(browser.Http);

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("A password is at least 8 characters.", Html.Errors(await Html.ParseAsync(tooShort)));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Theory]
    [InlineData("/sign-up", "")]
    [InlineData("/sign-up", "forged-token")]
    [InlineData("/sign-in", "")]
    [InlineData("/sign-in", "forged-token")]
    [InlineData("/sign-out", "forged-token")]
    [InlineData("/forgot-password", "")]
    [InlineData("/verify-email?token=abc", "forged-token")]
    [InlineData("/reset-password?token=abc", "")]
    public async Task A_missing_or_wrong_antiforgery_token_gets_a_form_expired_page(string path, string antiforgery)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = HostedClient.NewEmail();
        var browser = HostedClient.For(app);
        if (path == "/sign-out")
        {
            await browser.SignInAsync(await HostedPagesTests.CreateUserAsync(app));
        }

        var form = FormPost.Read(await browser.PageAsync(await LinkPageAsync(app, path))).Set("__RequestVerificationToken", antiforgery);
        if (path == "/sign-up")
        {
            form.Set("Email", email).Set("Password", HostedClient.Password);
        }

        var response = await form.SendAsync(browser.Http);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var expired = await Html.ParseAsync(response);
        Assert.Equal("This form has expired", expired.QuerySelector("h1")?.TextContent);
        await AssertNoUserAsync(app, email);

        // Opening the page again shows the same form, with the emailed link's token it carried.
        var again = FormPost.Read(await browser.PageAsync(expired.QuerySelector("[data-testid=page-again]")!.GetAttribute("href")!));
        Assert.Equal(form.Action, again.Action);
        Assert.Equal(form["Token"], again["Token"]);
        if (path == "/sign-out")
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.AccountAsync()).StatusCode);
        }
    }

    [Fact]
    public async Task A_post_to_an_account_action_without_antiforgery_changes_nothing()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var browser = HostedClient.For(app);
        await browser.SignInAsync(await HostedPagesTests.CreateUserAsync(app));
        var sessionId = (await browser.PageAsync("/account")).QuerySelector("[data-testid=session]")!.GetAttribute("data-session-id");

        var response = await browser.Http.PostAsync($"/account/sessions/{sessionId}/revoke", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.AccountAsync()).StatusCode);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/sign-up")]
    [InlineData("/reset-password")]
    public async Task A_body_that_is_not_a_form_is_refused_without_a_server_error(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var json = await app.Client().PostAsync(path, new StringContent("{\"Email\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));
        var huge = await app.Client().PostAsync(path, new FormUrlEncodedContent([new("Password", new string('p', 3 * 1024 * 1024))]));

        Assert.InRange((int)json.StatusCode, 400, 499);
        Assert.InRange((int)huge.StatusCode, 400, 499);
    }

    private static async Task AssertNoUserAsync(PaylentApp app, string email)
    {
        // Too long or empty cannot be stored or looked up; the form's own messages cover those.
        if (email.Length is > 0 and <= 254)
        {
            Assert.Empty((await app.SendAsync("test", new ListUsers(Email: email))).Items);
        }
    }
}
