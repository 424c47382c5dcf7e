using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosted;

/// <summary>The end-user session cookie and where a sign-in may send the browser.</summary>
[Collection(AppsCollection.Name)]
public sealed class HostedSessionCookieTests(Apps apps)
{
    [Fact]
    public async Task On_http_the_session_cookie_is_http_only_lax_path_root_and_expires_with_the_session()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await HostedPagesTests.CreateUserAsync(app);

        var signIn = await HostedClient.For(app).SignInAsync(email);

        var cookie = SessionCookie(signIn, "paylent_session=");
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        var expires = DateTimeOffset.Parse(cookie.Split("; ").Single(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase))["expires=".Length..],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(14).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(14).AddMinutes(5));
    }

    [Fact]
    public async Task On_https_the_session_cookie_is_secure_and_host_prefixed()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await HostedPagesTests.CreateUserAsync(app);
        var browser = new HostedClient(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://demo-test.localhost/"),
            AllowAutoRedirect = false,
        }));

        var signIn = await browser.SignInAsync(email);

        var cookie = SessionCookie(signIn, "__Host-paylent_session=");
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.AccountAsync()).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("account")]
    [InlineData("/caf\u00e9")] // a Location header is ASCII: Kestrel would fail the response after the session was made
    public async Task A_return_url_that_is_not_a_local_path_is_ignored(string returnUrl)
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await HostedPagesTests.CreateUserAsync(app);

        var page = await HostedClient.For(app).PageAsync($"/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var signIn = await HostedClient.For(app).SubmitAsync("/sign-in", ("Email", email), ("Password", HostedClient.Password), ("ReturnUrl", returnUrl));
        var signUp = await HostedClient.For(app).SubmitAsync("/sign-up", ("Email", HostedClient.NewEmail()), ("Password", HostedClient.Password), ("ReturnUrl", returnUrl));

        Assert.Empty(FormPost.Read(page)["ReturnUrl"] ?? string.Empty);
        Assert.Equal("/account", signIn.Headers.Location?.OriginalString);
        Assert.Equal("/account", signUp.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_local_return_url_is_followed_after_sign_in_and_sign_up()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await HostedPagesTests.CreateUserAsync(app);

        var signIn = await HostedClient.For(app).SignInAsync(email, returnUrl: "/account?tab=sessions");
        var signUp = await HostedClient.For(app).SignUpAsync(HostedClient.NewEmail(), returnUrl: "/account?welcome=1");

        Assert.Equal("/account?tab=sessions", signIn.Headers.Location?.OriginalString);
        Assert.Equal("/account?welcome=1", signUp.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_account_page_sends_a_visitor_to_sign_in_and_back()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var email = await HostedPagesTests.CreateUserAsync(app);
        var browser = HostedClient.For(app);

        await browser.AssertSignedOutAsync();
        var signIn = await browser.SubmitAsync("/sign-in?returnUrl=%2Faccount", ("Email", email), ("Password", HostedClient.Password));

        Assert.Equal("/account", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_forged_or_ended_session_cookie_reads_as_signed_out_and_is_dropped()
    {
        var app = await apps.On(DatabaseProvider.Sqlite);
        var browser = HostedClient.For(app);

        foreach (var value in new[] { "forged", new string('a', 43), "not base64url!", new string('x', 5000) })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/account");
            request.Headers.Add("Cookie", $"paylent_session={Uri.EscapeDataString(value)}");
            var response = await browser.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    private static string SessionCookie(HttpResponseMessage response, string prefix)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(prefix, StringComparison.Ordinal));
    }
}
