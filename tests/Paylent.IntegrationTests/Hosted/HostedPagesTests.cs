using System.Net;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.Identity.Users;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>The hosted end-user pages as a new user meets them, on both database providers.</summary>
[Collection(AppsCollection.Name)]
public sealed class HostedPagesTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sign_up_sends_a_link_that_a_fetch_does_not_spend_and_the_confirm_button_does(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var browser = HostedClient.For(app);
        var email = HostedClient.NewEmail();

        var signUp = await browser.SignUpAsync(email);

        Assert.Equal(HttpStatusCode.Redirect, signUp.StatusCode);
        Assert.Equal("/account", signUp.Headers.Location?.OriginalString);
        var account = await browser.PageAsync("/account");
        Assert.Equal(email, account.QuerySelector("[data-testid=email]")?.TextContent);
        Assert.Equal("not confirmed", account.QuerySelector("[data-testid=email-status]")?.TextContent);

        // A mail scanner opens the link first: it sees a button, and the token stays unspent.
        var link = await Mailbox.LinkAsync(app, email, "/verify-email");
        var scanned = await new HostedClient(app.Client()).PageAsync(link);
        Assert.NotNull(scanned.QuerySelector("main form button"));
        Assert.False((await UserAsync(app, email)).EmailVerified);

        var confirm = await FormPost.Read(await browser.PageAsync(link)).SendAsync(browser.Http);

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("Email address confirmed", (await Html.ParseAsync(confirm)).QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        Assert.True((await UserAsync(app, email)).EmailVerified);
        Assert.Equal("confirmed", (await browser.PageAsync("/account")).QuerySelector("[data-testid=email-status]")?.TextContent);

        // Single use: the same link again is refused with a way forward.
        var again = await FormPost.Read(await browser.PageAsync(link)).SendAsync(browser.Http);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("This link is not valid", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_signs_in_and_out_and_the_session_ends_on_the_server(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = await CreateUserAsync(app);
        var browser = HostedClient.For(app);

        var signIn = await browser.SignInAsync(email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.AccountAsync()).StatusCode);
        var confirmPage = await browser.PageAsync("/sign-out");
        Assert.Contains(email, confirmPage.QuerySelector("main")?.TextContent, StringComparison.Ordinal);

        var signOut = await browser.SignOutAsync();

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("paylent_session=;", StringComparison.Ordinal));
        await browser.AssertSignedOutAsync();
        var user = await UserAsync(app, email);
        Assert.Empty(await app.SendAsync("test", new ListSessions(user.Id, ActiveOnly: true)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_password_reset_ends_every_older_session_and_the_old_password(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = await CreateUserAsync(app);
        var laptop = HostedClient.For(app);
        var phone = HostedClient.For(app);
        await laptop.SignInAsync(email);
        await phone.SignInAsync(email);

        var forgot = await phone.SubmitAsync("/forgot-password", ("Email", email));
        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.Contains("If an account exists", await forgot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var link = await Mailbox.LinkAsync(app, email, "/reset-password");
        var reset = await phone.SubmitAsync(link, ("NewPassword", "a brand new passphrase"));

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("Password changed", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(reset.Headers.GetValues("Set-Cookie"), c => c.StartsWith("paylent_session=;", StringComparison.Ordinal));
        await laptop.AssertSignedOutAsync();
        await phone.AssertSignedOutAsync();
        Assert.Empty(await app.SendAsync("test", new ListSessions((await UserAsync(app, email)).Id, ActiveOnly: true)));
        Assert.Equal(HttpStatusCode.BadRequest, (await HostedClient.For(app).SignInAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await HostedClient.For(app).SignInAsync(email, "a brand new passphrase")).StatusCode);

        // The spent link says so when opened again, instead of a form whose submit can only fail.
        var spent = await phone.PageAsync(link);
        Assert.Null(spent.QuerySelector("input[name=NewPassword]"));
        Assert.Contains("This link is not valid", spent.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_account_page_lists_own_sessions_and_revokes_them(DatabaseProvider provider)
    {
        var app = await apps.On(provider);
        var email = await CreateUserAsync(app);
        var laptop = HostedClient.For(app);
        var phone = HostedClient.For(app);
        await laptop.SignInAsync(email);
        await phone.SignInAsync(email);

        var page = await laptop.PageAsync("/account");
        var rows = page.QuerySelectorAll("[data-testid=session]");
        Assert.Equal(2, rows.Length);
        var current = Assert.Single(rows, r => r.QuerySelector("[data-testid=current-session]") is not null);
        var other = Assert.Single(rows, r => r != current);

        var revoked = await FormPost.Read(page, $"[data-session-id='{other.GetAttribute("data-session-id")}'] form").SendAsync(laptop.Http);

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("The session was ended", (await laptop.PageAsync(revoked.Headers.Location!.OriginalString)).QuerySelector("[data-testid=flash]")?.TextContent, StringComparison.Ordinal);
        await phone.AssertSignedOutAsync();

        page = await laptop.PageAsync("/account");
        var signOut = await FormPost.Read(page, "[data-testid=session] form").SendAsync(laptop.Http);
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Contains("You are signed out", await signOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await laptop.AssertSignedOutAsync();
    }

    [Fact]
    public async Task Another_users_session_cannot_be_revoked_from_the_account_page()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var victimEmail = await CreateUserAsync(app);
        var victim = HostedClient.For(app);
        await victim.SignInAsync(victimEmail);
        var victimSession = (await victim.PageAsync("/account")).QuerySelector("[data-testid=session]")!.GetAttribute("data-session-id");
        var attacker = HostedClient.For(app);
        await attacker.SignInAsync(await CreateUserAsync(app));
        var page = await attacker.PageAsync("/account");

        var response = await attacker.Http.PostAsync($"/account/sessions/{victimSession}/revoke", new FormUrlEncodedContent(
            [new KeyValuePair<string, string>("__RequestVerificationToken", Html.AntiforgeryToken(page))]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await victim.AccountAsync()).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_asking_again_within_a_minute_is_told_the_link_is_on_its_way_and_gets_no_second_email()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var browser = HostedClient.For(app);
        var email = HostedClient.NewEmail();
        await browser.SignUpAsync(email);

        var resend = await FormPost.Read(await browser.PageAsync("/account")).SendAsync(browser.Http);

        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        Assert.Contains("We sent a new confirmation link", (await browser.PageAsync(resend.Headers.Location!.OriginalString)).QuerySelector("[data-testid=flash]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await Mailbox.QueuedAsync(app, email));
    }

    [Fact]
    public async Task A_disabled_user_with_the_right_password_is_told_the_account_is_disabled()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await CreateUserAsync(app);
        var user = await UserAsync(app, email);
        await app.SendAsync("test", new UpdateUser(user.Id, Domain.Identity.UserChanges.All(new Domain.Identity.UserProfile(email, null, null, null), Domain.Identity.UserStatus.Disabled), "http://demo-test.localhost"));

        var right = await HostedClient.For(app).SignInAsync(email);
        var wrong = await HostedClient.For(app).SignInAsync(email, "not the password");

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("This account is disabled", Html.Errors(await Html.ParseAsync(right)).Single(), StringComparison.Ordinal);
        Assert.Equal("The email or password is incorrect.", Html.Errors(await Html.ParseAsync(wrong)).Single());
    }

    [Fact]
    public async Task Under_htmx_a_form_swaps_its_panel_and_a_success_redirects_the_whole_page()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await CreateUserAsync(app);
        var browser = HostedClient.For(app);
        var form = FormPost.Read(await browser.PageAsync("/sign-in")).Set("Email", email);

        var failed = await form.Set("Password", "not the password").SendAsync(browser.Http, htmx: true);
        var succeeded = await form.Set("Password", HostedClient.Password).SendAsync(browser.Http, htmx: true);

        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        var fragment = await failed.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", fragment, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("The email or password is incorrect.", fragment, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, succeeded.StatusCode);
        Assert.Equal("/account", succeeded.Headers.GetValues("HX-Redirect").Single());
    }

    [Theory]
    [InlineData("/sign-up")]
    [InlineData("/account")]
    [InlineData("/verify-email?token=abc")]
    [InlineData("/forgot-password")]
    public async Task Hosted_pages_are_not_served_on_the_dashboard_host(string path)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);

        var response = await app.Dashboard().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static async Task<string> CreateUserAsync(PaylentApp app, string password = HostedClient.Password)
    {
        var email = HostedClient.NewEmail();
        await app.SendAsync("test", new CreateUser(new Domain.Identity.UserProfile(email, null, "Grace", "Hopper"), password));
        return email;
    }

    internal static async Task<UserDto> UserAsync(PaylentApp app, string email) =>
        Assert.Single((await app.SendAsync("test", new ListUsers(Email: email))).Items);
}
