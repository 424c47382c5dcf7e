using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Identity.Sessions;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Dashboard;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

/// <summary>
/// Each 500 an outside sweep found on PostgreSQL, now a refusal in its surface's own format, with
/// nothing written. PostgreSQL, because SQLite stores the NUL that PostgreSQL refuses.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class MalformedInputTests(Apps apps)
{
    private const string InputRejected = "could not be accepted";

    [Theory]
    [InlineData("/api/users?filter[email]=a%00b", "filter[email]")]
    [InlineData("/api/audit-events?filter[action]=%00", "filter[action]")]
    [InlineData("/api/audit-events?filter[actor_id]=%EF%BF%BE", "filter[actor_id]")]
    public async Task A_nul_or_noncharacter_in_an_api_filter_is_a_json_api_error_on_the_parameter(string path, string parameter)
    {
        var api = await ApiClient.ForAsync(await apps.On(DatabaseProvider.Postgres));

        var response = await api.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ApiClient.MediaType, response.Content.Headers.ContentType?.MediaType);
        var error = (await response.JsonAsync()).GetProperty("errors")[0];
        Assert.Equal("invalid_input", error.GetProperty("code").GetString());
        Assert.Equal(parameter, error.GetProperty("source").GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("POST", "\\u0000")]
    [InlineData("PATCH", "Name\\u0000")]
    [InlineData("POST", "\\ufffe")]
    public async Task A_nul_or_noncharacter_in_an_oauth_client_name_is_an_attribute_error_and_writes_nothing(string method, string name)
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var api = await ApiClient.ForAsync(app);
        var created = await api.PostAsync("/api/oauth-clients", ApiClient.Resource("oauth_client", new
        {
            name = "Before", client_type = "confidential", redirect_uris = new[] { CodeFlow.RedirectUri }, grant_types = new[] { "authorization_code" },
        }));
        var id = (await created.JsonAsync()).GetProperty("data").GetProperty("id").GetString();
        var before = await ClientCountAsync(app);

        var response = await api.SendAsync(new HttpMethod(method), method == "POST" ? "/api/oauth-clients" : $"/api/oauth-clients/{id}",
            "{\"data\":{\"type\":\"oauth_client\",\"attributes\":{\"name\":\"" + name + "\",\"client_type\":\"confidential\",\"redirect_uris\":[\"" + CodeFlow.RedirectUri + "\"]}}}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("errors")[0];
        Assert.Equal("/data/attributes/name", error.GetProperty("source").GetProperty("pointer").GetString());
        Assert.Equal(before, await ClientCountAsync(app));
        var stored = await api.GetAsync($"/api/oauth-clients/{id}");
        Assert.Equal("Before", (await stored.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("nonce")]
    [InlineData("state")]
    [InlineData("redirect_uri")]
    public async Task A_nul_in_an_authorization_request_gets_the_error_page_and_no_redirect(string parameter)
    {
        var flow = await CodeFlow.StartAsync(await apps.On(DatabaseProvider.Postgres));
        var url = flow.AuthorizeUrl((parameter, "PLACEHOLDER")).Replace("PLACEHOLDER", "a%00b", StringComparison.Ordinal);

        var response = await flow.Http.GetAsync(url);

        CodeFlow.AssertErrorPage(response);
        Assert.Contains(InputRejected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_nonce_after_sign_in_issues_no_code()
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        await flow.Browser.SignInAsync(user.Email);

        var response = await flow.Http.GetAsync(flow.AuthorizeUrl(("nonce", "PLACEHOLDER")).Replace("PLACEHOLDER", "%00", StringComparison.Ordinal));

        CodeFlow.AssertErrorPage(response);
    }

    [Fact]
    public async Task A_nul_client_id_on_the_consent_page_is_refused_with_a_page()
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var flow = await CodeFlow.StartAsync(app);
        var user = await app.CreateUserAsync();
        await flow.Browser.SignInAsync(user.Email);

        var response = await flow.Http.GetAsync(flow.AuthorizeUrl(("client_id", "PLACEHOLDER")).Replace("/oauth/authorize", "/consent", StringComparison.Ordinal)
            .Replace("PLACEHOLDER", "%00", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(InputRejected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/oauth/token")]
    [InlineData("/oauth/introspect")]
    [InlineData("/oauth/revoke")]
    public async Task A_basic_client_id_decoding_to_nul_is_invalid_client(string path)
    {
        var http = (await apps.On(DatabaseProvider.Postgres)).Client();
        foreach (var credentials in new[] { "\0:secret", "%00:secret", "paylent-management:%00", "%EF%BF%BE:secret" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("token", "abc")]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

            var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_client", (await response.JsonAsync()).GetProperty("error").GetString());
        }
    }

    [Theory]
    [InlineData("/oauth/token")]
    [InlineData("/oauth/introspect")]
    [InlineData("/oauth/revoke")]
    public async Task A_nul_in_a_posted_client_id_is_invalid_request(string path)
    {
        var http = (await apps.On(DatabaseProvider.Postgres)).Client();

        var response = await http.PostAsync(path, Form("grant_type=client_credentials&token=abc&client_id=%00&client_secret=x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("utf-7")]
    [InlineData("latin1")]
    public async Task A_form_in_a_charset_other_than_utf8_is_invalid_request_at_the_token_endpoint(string charset)
    {
        var http = (await apps.On(DatabaseProvider.Postgres)).Client();
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = Form("grant_type=client_credentials", charset) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{OAuthClient.ManagementClientId}:{PaylentApp.ManagementSecret}")));

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("invalid_request", json.GetProperty("error").GetString());
        Assert.Contains("UTF-8", json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/sign-up")]
    [InlineData("/forgot-password")]
    public async Task A_hosted_form_in_utf7_is_415_with_a_page(string path)
    {
        var browser = HostedClient.For(await apps.On(DatabaseProvider.Postgres));
        var form = FormPost.Read(await browser.PageAsync(path));
        form.Set("Email", HostedClient.NewEmail());

        var response = await browser.Http.PostAsync(form.Action, Form(string.Join("&", form.Fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")), "utf-7"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Password")]
    [InlineData("Email")]
    public async Task A_noncharacter_at_the_hosted_sign_in_is_refused_for_known_and_unknown_users_alike(string field)
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var user = await app.CreateUserAsync();
        foreach (var email in new[] { user.Email, HostedClient.NewEmail() })
        {
            var browser = HostedClient.For(app);

            var response = await browser.SubmitAsync("/sign-in", ("Email", field == "Email" ? email + "\uFFFE" : email), ("Password", field == "Password" ? "pass\uFFFEword" : Identity.Password));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(InputRejected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await browser.AssertSignedOutAsync();
        }
    }

    [Theory]
    [InlineData("pass\uFFFEword")]
    [InlineData("pass\uFFFFword")]
    [InlineData("pass\uD800word")]
    public async Task A_password_with_no_normal_form_is_a_failed_sign_in_for_known_and_unknown_users(string password)
    {
        // The use case itself, behind the web boundary that refuses such text first: the hasher must not throw.
        var app = await apps.On(DatabaseProvider.Postgres);
        var user = await app.CreateUserAsync();
        foreach (var email in new[] { user.Email, Identity.NewEmail() })
        {
            var result = await app.SendAsync("test", new SignInWithPassword(email, password, new SessionClient("203.0.113.7", "test")));

            Assert.Null(result.Session);
            Assert.Equal(SignInFailure.InvalidCredentials, result.Failure);
        }
    }

    [Fact]
    public async Task An_htmx_form_with_a_nul_gets_the_refusal_as_a_fragment()
    {
        var browser = HostedClient.For(await apps.On(DatabaseProvider.Postgres));
        var form = FormPost.Read(await browser.PageAsync("/sign-in"));
        form.Set("Email", "ada\0@example.com");

        var response = await form.SendAsync(browser.Http, htmx: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(InputRejected, body, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_noncharacter_password_at_the_dashboard_sign_in_is_refused_with_a_page()
    {
        var dashboard = new DashboardClient((await apps.On(DatabaseProvider.Postgres)).Dashboard());

        var response = await dashboard.SignInAsync(PaylentApp.AdminEmail, PaylentApp.AdminPassword + "\uFFFF");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(InputRejected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/environments/test/users?search=%00")]
    [InlineData("/environments/test/audit-events?Action=%00")]
    [InlineData("/environments/test/audit-events?Actor=%EF%BF%BF")]
    public async Task A_nul_in_a_dashboard_search_is_refused_with_a_page(string path)
    {
        var dashboard = await DashboardClient.SignedInAsync(await apps.On(DatabaseProvider.Postgres));

        var response = await dashboard.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(InputRejected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id_token_hint")]
    [InlineData("client_id")]
    [InlineData("post_logout_redirect_uri")]
    [InlineData("state")]
    public async Task A_nul_in_a_logout_post_is_refused_with_a_page_and_signs_no_one_out(string field)
    {
        var app = await apps.On(DatabaseProvider.Postgres);
        var user = await app.CreateUserAsync();
        var browser = HostedClient.For(app);
        await browser.SignInAsync(user.Email);

        var response = await browser.Http.PostAsync("/oauth/logout", Form($"{field}=%00"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(InputRejected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.AccountAsync()).StatusCode);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/sign-up")]
    public async Task A_field_name_with_an_unclosed_bracket_is_just_an_unknown_field(string path)
    {
        var browser = HostedClient.For(await apps.On(DatabaseProvider.Postgres));
        var form = FormPost.Read(await browser.PageAsync(path));
        form.Set("Email", "not an email");

        var response = await form.SendAsync(browser.Http, extra: ("a[b", "1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(Html.Errors(await Html.ParseAsync(response)));
    }

    [Fact]
    public async Task A_host_whose_punycode_does_not_decode_gets_the_unknown_host_answer_on_every_path()
    {
        // On a real server: the in-memory test host cannot even carry such a Host to the app.
        await using var app = await PaylentApp.StartListeningAsync(DatabaseProvider.Sqlite);
        using var http = new HttpClient { BaseAddress = app.Url() };
        foreach (var path in new[] { "/healthz", "/", "/sign-in", "/.well-known/openid-configuration", "/api/users" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = "xn--demo-test-.localhost";

            var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var json = await response.JsonAsync();
            Assert.Equal("unknown_host", json.GetProperty("errors")[0].GetProperty("code").GetString());
        }
    }

    private static Task<int> ClientCountAsync(PaylentApp app) =>
        app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().Set<OAuthClient>().IgnoreQueryFilters().CountAsync());

    private static ByteArrayContent Form(string body, string? charset = null)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded" + (charset is null ? string.Empty : $"; charset={charset}"));
        return content;
    }
}
