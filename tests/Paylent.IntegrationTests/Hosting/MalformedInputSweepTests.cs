using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Paylent.Application.Access.Permissions;
using Paylent.Application.Access.Roles;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.Dashboard;
using Paylent.IntegrationTests.Hosted;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Organizations;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using Xunit.Abstractions;

namespace Paylent.IntegrationTests.Hosting;

/// <summary>
/// A generated sweep of malformed input on PostgreSQL (which, unlike SQLite, refuses NUL): every
/// endpoint of every surface, every parameter of each replaced in turn by each malformed value, and
/// every form body sent in odd charsets and with raw invalid bytes. No answer may be a 5xx, and each
/// must be in its surface's format (RFC 6749 JSON, JSON:API, an HTML page, or a redirect).
/// </summary>
public sealed class MalformedInputSweepTests(ITestOutputHelper output)
{
    private const string Host = "demo-test.localhost";

    /// <summary>Malformed values as they travel in a query string or urlencoded body (already percent-encoded).</summary>
    private static readonly (string Label, string Encoded)[] Values =
    [
        ("NUL", "%00"),
        ("NUL inside", "ab%00cd"),
        ("C0 control", "%01"),
        ("escape", "%1B%5B31m"),
        ("unclosed bracket", "a%5Bb"),
        ("overlong UTF-8", "%C0%80"),
        ("invalid UTF-8", "%FF"),
        ("lone surrogate", "%ED%A0%80"),
        ("U+FFFE", "%EF%BF%BE"),
        ("U+FFFF", "%EF%BF%BF"),
        ("100 KB", new string('a', 100_000)),
    ];

    /// <summary>The same values as JSON string literals, for the management API's documents.</summary>
    private static readonly (string Label, byte[] Json)[] JsonValues =
    [
        ("NUL", Encoding.UTF8.GetBytes("\"\\u0000\"")),
        ("C0 control", Encoding.UTF8.GetBytes("\"a\\u0001b\"")),
        ("lone surrogate", Encoding.UTF8.GetBytes("\"\\ud800\"")),
        ("U+FFFE", Encoding.UTF8.GetBytes("\"\\ufffe\"")),
        ("U+FFFF", Encoding.UTF8.GetBytes("\"\\uffff\"")),
        ("raw invalid UTF-8", [(byte)'"', 0xFF, 0xC0, 0x80, (byte)'"']),
        ("raw lone surrogate", [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"']),
        ("100 KB", Encoding.UTF8.GetBytes($"\"{new string('a', 100_000)}\"")),
    ];

    private static readonly string[] BadHosts = ["xn--demo-test-.localhost", "xn--.localhost", "xn--a.localhost", "xn--demo-test-.xn--.localhost"];

    private readonly List<string> _failures = [];
    private int _requests;

    [Fact]
    public async Task No_malformed_request_to_any_surface_answers_5xx_or_leaves_its_format()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Postgres, new Dictionary<string, string?>
        {
            ["Paylent:RateLimits:OAuthPerIpPerSecond"] = "100000",
            ["Paylent:RateLimits:OAuthPerClientPerSecond"] = "100000",
            ["Paylent:RateLimits:AuthorizationPerIpPerMinute"] = "100000",
            ["Paylent:RateLimits:HostedSignInPerIpPerMinute"] = "100000",
            ["Paylent:RateLimits:HostedSignUpPerIpPerMinute"] = "100000",
            ["Paylent:RateLimits:HostedEmailLinksPerIpPerMinute"] = "100000",
            ["Paylent:RateLimits:DashboardSignInPerMinute"] = "100000",
        });

        await SweepProtocolAsync(app);
        await SweepHostedAsync(app);
        await SweepDashboardAsync(app);
        await SweepApiAsync(app);
        await SweepHostHeaderAsync();

        output.WriteLine($"{_requests} requests in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_requests} answers were wrong:\n{string.Join("\n", _failures.Take(40))}");
    }

    private async Task SweepProtocolAsync(PaylentApp app)
    {
        var http = app.Client(Host);
        var management = (OAuthClient.ManagementClientId, PaylentApp.ManagementSecret);
        var token = await http.AccessTokenAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret);

        await SweepFormAsync(http, Surface.OAuth, HttpMethod.Post, "/oauth/token", [("grant_type", "client_credentials"), ("scope", "paylent:manage")], management);
        await SweepFormAsync(http, Surface.OAuth, HttpMethod.Post, "/oauth/token",
            [("grant_type", "client_credentials"), ("client_id", OAuthClient.ManagementClientId), ("client_secret", PaylentApp.ManagementSecret)]);
        await SweepFormAsync(http, Surface.OAuth, HttpMethod.Post, "/oauth/token",
            [("grant_type", "authorization_code"), ("code", "abc"), ("redirect_uri", CodeFlow.RedirectUri), ("code_verifier", CodeFlow.Verifier)], management);
        await SweepFormAsync(http, Surface.OAuth, HttpMethod.Post, "/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", "abc"), ("scope", "openid")], management);
        await SweepFormAsync(http, Surface.OAuth, HttpMethod.Post, "/oauth/introspect", [("token", token), ("token_type_hint", "access_token")], management);
        await SweepFormAsync(http, Surface.OAuth, HttpMethod.Post, "/oauth/revoke", [("token", "abc"), ("token_type_hint", "refresh_token")], management);
        await SweepFormAsync(http, Surface.OAuth, HttpMethod.Post, "/oauth/userinfo", [("access_token", token)]);
        await SweepQueryAsync(http, Surface.OAuth, "/oauth/userinfo", [("x", "y")]);
        foreach (var path in new[] { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server", "/.well-known/jwks.json" })
        {
            await SweepQueryAsync(http, Surface.OAuth, path, [("x", "y")]);
        }

        // Client authentication in the header: the id and the secret as Basic credentials, and a bearer token.
        foreach (var path in new[] { "/oauth/token", "/oauth/introspect", "/oauth/revoke" })
        {
            foreach (var (label, encoded) in Values)
            {
                var raw = Unescape(encoded);
                foreach (var credentials in new[] { Concat(raw, ":secret"u8.ToArray()), Concat(Encoding.ASCII.GetBytes(encoded), ":secret"u8.ToArray()), Concat("paylent-management:"u8.ToArray(), raw) })
                {
                    var request = FormRequest(HttpMethod.Post, path, Encoding.ASCII.GetBytes("grant_type=client_credentials&token=abc"));
                    request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(credentials));
                    await CheckAsync(http, request, Surface.OAuth, $"{path} Basic credentials with {label}");
                }
            }
        }

        foreach (var (label, encoded) in Values)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/oauth/userinfo");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + encoded);
            await CheckAsync(http, request, Surface.OAuth, $"userinfo bearer token with {label}");
        }
    }

    private async Task SweepHostedAsync(PaylentApp app)
    {
        var flow = await CodeFlow.StartAsync(app);
        var authorize = QueryHelpers.ParseQuery(new Uri("http://x" + flow.AuthorizeUrl()).Query).Select(p => (p.Key, p.Value.ToString())).ToArray();

        // A stranger's browser: the authorization request, the public pages, sign-out and logout.
        var stranger = app.Client(Host);
        var strangerToken = await AntiforgeryAsync(stranger, "/sign-in");
        await SweepQueryAsync(stranger, Surface.Authorize, "/oauth/authorize", authorize);
        await SweepFormAsync(stranger, Surface.Authorize, HttpMethod.Post, "/oauth/authorize", authorize);
        await SweepQueryAsync(stranger, Surface.Page, "/sign-in", [("returnUrl", flow.AuthorizeUrl()), ("login_hint", "a@example.com")]);
        await SweepFormAsync(stranger, Surface.Page, HttpMethod.Post, "/sign-in", [("Email", "nobody@example.com"), ("Password", "wrong password"), ("ReturnUrl", "/account"), Token(strangerToken)]);
        await SweepFormAsync(stranger, Surface.Page, HttpMethod.Post, "/sign-up",
            [("Email", Identity.NewEmail()), ("Password", "a new password 123"), ("GivenName", "Ada"), ("FamilyName", "Lovelace"), ("ReturnUrl", "/account"), Token(strangerToken)]);
        await SweepFormAsync(stranger, Surface.Page, HttpMethod.Post, "/forgot-password", [("Email", "nobody@example.com"), Token(strangerToken)]);
        await SweepQueryAsync(stranger, Surface.Page, "/reset-password", [("token", "abc")]);
        await SweepFormAsync(stranger, Surface.Page, HttpMethod.Post, "/reset-password", [("Token", "abc"), ("NewPassword", "a new password 123"), Token(strangerToken)]);
        await SweepQueryAsync(stranger, Surface.Page, "/verify-email", [("token", "abc")]);
        await SweepFormAsync(stranger, Surface.Page, HttpMethod.Post, "/verify-email", [("Token", "abc"), Token(strangerToken)]);
        await SweepFormAsync(stranger, Surface.Page, HttpMethod.Post, "/sign-out", [("x", "y"), Token(strangerToken)]);
        var logout = new[] { ("id_token_hint", "abc"), ("client_id", flow.ClientId), ("post_logout_redirect_uri", CodeFlow.PostLogoutRedirectUri), ("state", "s") };
        await SweepQueryAsync(stranger, Surface.Page, "/oauth/logout", logout);
        await SweepFormAsync(stranger, Surface.Page, HttpMethod.Post, "/oauth/logout", logout);
        await SweepFormAsync(stranger, Surface.Page, HttpMethod.Post, "/oauth/logout/confirm", [.. logout, Token(strangerToken)]);

        // A signed-in user: consent and the account page.
        var user = await app.CreateUserAsync();
        var browser = HostedClient.For(app);
        await browser.SignInAsync(user.Email);
        var userToken = await AntiforgeryAsync(browser.Http, "/account");
        await SweepQueryAsync(browser.Http, Surface.Page, "/consent", authorize);
        await SweepQueryAsync(browser.Http, Surface.Page, "/account", [("x", "y")]);
        await SweepFormAsync(browser.Http, Surface.Page, HttpMethod.Post, "/account/resend-verification", [("x", "y"), Token(userToken)]);
        await SweepFormAsync(browser.Http, Surface.Page, HttpMethod.Post, $"/account/sessions/{Guid.NewGuid()}/revoke", [("x", "y"), Token(userToken)]);
        await SweepFormAsync(browser.Http, Surface.Page, HttpMethod.Post, $"/account/consents/{Guid.NewGuid()}/revoke", [("x", "y"), Token(userToken)]);
        var query = string.Join("&", authorize.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        foreach (var (label, encoded) in Values)
        {
            var request = FormRequest(HttpMethod.Post, $"/consent?{query}", Encoding.ASCII.GetBytes($"decision={encoded}&{Token(userToken).Name}={Uri.EscapeDataString(userToken)}"));
            await CheckAsync(browser.Http, request, Surface.Page, $"POST /consent decision with {label}");
        }

        // The choosers' answers carry the authorization request on in their query, as the consent's does.
        await SweepFormAsync(browser.Http, Surface.Authorize, HttpMethod.Post, $"/select-account?{query}", [("account", "current"), Token(userToken)]);
        await SweepFormAsync(browser.Http, Surface.Authorize, HttpMethod.Post, $"/select-organization?{query}", [("organization", Guid.NewGuid().ToString()), Token(userToken)]);

        // Without the antiforgery token, the form-expired page links back by the query: each parameter malformed in turn.
        foreach (var path in new[] { "/consent", "/select-account", "/select-organization" })
        {
            foreach (var (label, body) in Mutations(authorize))
            {
                var request = FormRequest(HttpMethod.Post, $"{path}?{Encoding.ASCII.GetString(body)}", "decision=allow&account=current"u8.ToArray());
                await CheckAsync(browser.Http, request, Surface.Page, $"POST {path} without a token, query {label}");
            }
        }
    }

    private async Task SweepDashboardAsync(PaylentApp app)
    {
        var dashboard = await DashboardClient.SignedInAsync(app);
        var http = dashboard.Http;
        var token = await AntiforgeryAsync(http, "/environments/test/users/new");
        var user = await app.CreateUserAsync();
        var client = await app.SendAsync("test", new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
            "Swept app", [CodeFlow.RedirectUri], [], [GrantTypes.AuthorizationCode], [Scopes.OpenId], TokenFormat.Jwt)));
        const string Environment = "/environments/test";

        await SweepQueryAsync(http, Surface.Page, "/", [("x", "y")]);
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/users", [("search", "ada"), ("page", "1")]);
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/audit-events",
            [("Action", "user.created"), ("Actor", Guid.NewGuid().ToString()), ("Target", Guid.NewGuid().ToString()), ("Since", "2026-01-01T00:00:00Z"), ("Until", "2027-01-01T00:00:00Z"), ("Page", "1")]);
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/oauth-clients", [("page", "1")]);
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/signing-keys", [("x", "y")]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/users/new",
            [("Email", Identity.NewEmail()), ("Username", "swept"), ("GivenName", "Ada"), ("FamilyName", "Lovelace"), ("Password", "a new password 123"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/users/{user.Id}",
            [("Email", user.Email), ("Username", "swept-edit"), ("GivenName", "Ada"), ("FamilyName", "Lovelace"), ("Status", "Active"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/users/{user.Id}/password", [("Password", "a new password 123"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/users/{user.Id}/verify-email", [("x", "y"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/users/{Guid.NewGuid()}/delete", [("x", "y"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/users/{user.Id}/sessions/{Guid.NewGuid()}/revoke", [("x", "y"), Token(token)]);
        var clientFields = new[]
        {
            ("ClientType", "Confidential"), ("Name", "Swept"), ("GrantTypes", "authorization_code"), ("RedirectUris", "https://app.example/cb\nhttps://app.example/cb2"),
            ("PostLogoutRedirectUris", "https://app.example/out"), ("AllowedScopes", "openid profile"), ("TokenFormat", "Jwt"), ("AccessTokenLifetime", "3600"),
            ("RefreshTokenLifetime", "86400"), ("RequirePkce", "true"), ("DefaultAudience", "https://api.example"), ("FirstParty", "false"), Token(token),
        };
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/oauth-clients/new", [("Step", "1"), .. clientFields]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/oauth-clients/{client.Client.Id}", clientFields);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/oauth-clients/{Guid.NewGuid()}/rotate-secret", [("x", "y"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/oauth-clients/{Guid.NewGuid()}/delete", [("x", "y"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/signing-keys/{Guid.NewGuid()}/deactivate", [("x", "y"), Token(token)]);
        var role = await app.SendAsync("test", new CreateRole(AccessApiTests.Unique("swept-page-"), "Swept", null, null, false));
        var permission = await app.SendAsync("test", new CreatePermission(AccessApiTests.Unique("swept-page:"), null));
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/roles", [("search", "a"), ("page", "1")]);
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/permissions", [("search", "a"), ("page", "1")]);
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/roles/{role.Id}", [("search", "a")]);
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/roles/{role.Id}/permission-picker", [("search", "a")]);
        await SweepQueryAsync(http, Surface.Page, $"{Environment}/users/{user.Id}/roles", [("x", "y")]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/permissions", [("Slug", "swept:form"), ("Description", "d"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/roles/new", [("Slug", "SWEPT_FORM"), ("Name", "n"), ("Description", "d"), ("ClientId", ""), ("IsDefault", "false"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/roles/{role.Id}", [("Name", "n"), ("Description", "d"), ("IsDefault", "false"), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/roles/{role.Id}/permissions", [("permissionIds", permission.Id.ToString()), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/roles/{role.Id}/included-roles", [("includedRoleId", Guid.NewGuid().ToString()), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/users/{user.Id}/roles", [("roleId", role.Id.ToString()), Token(token)]);
        await SweepFormAsync(http, Surface.Page, HttpMethod.Post, $"{Environment}/oauth-clients/{client.Client.Id}/roles", [("roleId", role.Id.ToString()), Token(token)]);

        // Signing in and out with a browser of its own, so the admin above stays signed in.
        var other = app.Dashboard();
        var otherToken = await AntiforgeryAsync(other, "/sign-in");
        await SweepQueryAsync(other, Surface.Page, "/sign-in", [("returnUrl", "/environments/test/users")]);
        await SweepFormAsync(other, Surface.Page, HttpMethod.Post, "/sign-in", [("Email", "nobody@example.com"), ("Password", "wrong password"), ("ReturnUrl", "/"), Token(otherToken)]);
        await SweepFormAsync(other, Surface.Page, HttpMethod.Post, "/sign-out", [("x", "y"), Token(otherToken)]);
    }

    private async Task SweepApiAsync(PaylentApp app)
    {
        var api = await ApiClient.ForAsync(app);
        var http = api.Http;
        var user = await app.CreateUserAsync();
        var client = await app.SendAsync("test", new CreateOAuthClient(ClientType.Confidential, new OAuthClientSettings(
            "Swept API app", [CodeFlow.RedirectUri], [], [GrantTypes.AuthorizationCode], [Scopes.OpenId], TokenFormat.Jwt)));

        await SweepQueryAsync(http, Surface.Api, "/api/users", [("filter[email]", "a@example.com"), ("page[size]", "10"), ("page[number]", "1")]);
        await SweepQueryAsync(http, Surface.Api, "/api/audit-events",
            [("filter[action]", "user.created"), ("filter[actor_id]", Guid.NewGuid().ToString()), ("filter[target_id]", Guid.NewGuid().ToString()), ("filter[since]", "2026-01-01T00:00:00Z"), ("page[size]", "10")]);
        foreach (var path in new[] { "/api/oauth-clients", "/api/signing-keys", $"/api/users/{user.Id}/sessions", $"/api/users/{user.Id}/consents" })
        {
            await SweepQueryAsync(http, Surface.Api, path, [("page[size]", "10")]);
        }

        // Path ids: a malformed id in place of the GUID. An encoded NUL in a path never reaches the
        // app: the server's request-line decoder refuses it (Kestrel answers 400 itself).
        foreach (var resource in new[] { "users", "oauth-clients", "signing-keys", "sessions", "consents" })
        {
            foreach (var (label, encoded) in Values.Where(v => !v.Encoded.Contains("%00", StringComparison.Ordinal)))
            {
                var id = encoded.Length > 1000 ? encoded[..1000] : encoded;
                await CheckAsync(http, new HttpRequestMessage(HttpMethod.Get, $"/api/{resource}/{id}"), Surface.Api, $"GET /api/{resource}/{{id}} with {label}");
                await CheckAsync(http, new HttpRequestMessage(HttpMethod.Delete, $"/api/{resource}/{id}"), Surface.Api, $"DELETE /api/{resource}/{{id}} with {label}");
            }
        }

        var userAttributes = new Dictionary<string, string>
        {
            ["email"] = "\"a-new@example.com\"", ["username"] = "\"swept\"", ["given_name"] = "\"Ada\"", ["family_name"] = "\"Lovelace\"", ["password"] = "\"a new password 123\"",
        };
        await SweepDocumentAsync(http, HttpMethod.Post, "/api/users", "user", userAttributes);
        userAttributes.Remove("password");
        await SweepDocumentAsync(http, HttpMethod.Patch, $"/api/users/{user.Id}", "user", userAttributes);
        var clientAttributes = new Dictionary<string, string>
        {
            ["name"] = "\"Swept\"", ["client_type"] = "\"confidential\"", ["redirect_uris"] = "[\"https://app.example/cb\"]", ["post_logout_redirect_uris"] = "[]",
            ["grant_types"] = "[\"authorization_code\"]", ["allowed_scopes"] = "[\"openid\"]", ["token_format"] = "\"jwt\"",
        };
        await SweepDocumentAsync(http, HttpMethod.Post, "/api/oauth-clients", "oauth_client", clientAttributes);
        clientAttributes.Remove("client_type");
        await SweepDocumentAsync(http, HttpMethod.Patch, $"/api/oauth-clients/{client.Client.Id}", "oauth_client", clientAttributes);
        await SweepAccessApiAsync(api, user.Id, client.Client.Id);
        await SweepOrganizationsApiAsync(api, user.Id);
    }

    /// <summary>The Organizations module's resources: organizations (their metadata inside out), memberships, invitations.</summary>
    private async Task SweepOrganizationsApiAsync(ApiClient api, Guid userId)
    {
        var http = api.Http;
        var organization = (await OrganizationApi.CreateAsync(api, AccessApiTests.Unique("swept-"))).GetProperty("id").GetString()!;
        var membership = await OrganizationApi.MemberAsync(api, organization, userId);
        var invited = await OrganizationApi.InviteAsync(api, organization, Identity.NewEmail("swept"));
        var invitation = (await invited.JsonAsync()).GetProperty("data").GetProperty("id").GetString()!;
        await SweepQueryAsync(http, Surface.Api, "/api/organizations", [("filter[slug]", "a"), ("filter[search]", "a"), ("page[size]", "10")]);
        await SweepQueryAsync(http, Surface.Api, $"/api/organizations/{organization}/memberships", [("filter[user_id]", userId.ToString()), ("filter[status]", "active"), ("page[size]", "10")]);
        await SweepQueryAsync(http, Surface.Api, $"/api/organizations/{organization}/invitations", [("filter[status]", "pending"), ("filter[email]", "a@example.com"), ("page[size]", "10")]);
        await SweepQueryAsync(http, Surface.Api, $"/api/users/{userId}/organizations", [("page[size]", "10")]);
        foreach (var (label, encoded) in Values.Where(v => !v.Encoded.Contains("%00", StringComparison.Ordinal)))
        {
            var id = encoded.Length > 1000 ? encoded[..1000] : encoded;
            foreach (var path in new[] { $"/api/organizations/{id}", $"/api/organizations/{organization}/memberships/{id}", $"/api/organizations/{organization}/invitations/{id}" })
            {
                await CheckAsync(http, new HttpRequestMessage(HttpMethod.Get, path), Surface.Api, $"GET {path[..Math.Min(path.Length, 80)]} with {label}");
                await CheckAsync(http, new HttpRequestMessage(HttpMethod.Delete, path), Surface.Api, $"DELETE {path[..Math.Min(path.Length, 80)]} with {label}");
            }

            await CheckAsync(http, JsonApiRequest(HttpMethod.Post, $"/api/organizations/{organization}/invitations/{id}/resend", "{}"u8.ToArray()), Surface.Api, $"resend with {label}");
        }

        var organizationAttributes = new Dictionary<string, string> { ["slug"] = "\"swept-new\"", ["name"] = "\"Swept\"", ["metadata"] = "{\"k\":\"v\"}" };
        await SweepDocumentAsync(http, HttpMethod.Post, "/api/organizations", "organization", organizationAttributes);
        organizationAttributes.Remove("slug");
        await SweepDocumentAsync(http, HttpMethod.Patch, $"/api/organizations/{organization}", "organization", organizationAttributes);
        await SweepDocumentAsync(http, HttpMethod.Post, $"/api/organizations/{organization}/memberships", "membership",
            new Dictionary<string, string> { ["user_id"] = $"\"{userId}\"", ["status"] = "\"active\"" });
        await SweepDocumentAsync(http, HttpMethod.Patch, $"/api/organizations/{organization}/memberships/{membership}", "membership", new Dictionary<string, string> { ["status"] = "\"active\"" });
        await SweepDocumentAsync(http, HttpMethod.Post, $"/api/organizations/{organization}/invitations", "invitation",
            new Dictionary<string, string> { ["email"] = "\"swept@example.com\"", ["lifetime_days"] = "7" });
        foreach (var (label, json) in JsonValues)
        {
            // Malformed text inside the metadata object, as a value and as a key.
            foreach (var metadata in new[] { Concat("{\"k\":"u8.ToArray(), json, "}"u8.ToArray()), Concat("{"u8.ToArray(), json, ":1}"u8.ToArray()) })
            {
                var body = Concat("{\"data\":{\"type\":\"organization\",\"attributes\":{\"name\":\"Swept\",\"metadata\":"u8.ToArray(), metadata, "}}}"u8.ToArray());
                await CheckAsync(http, JsonApiRequest(HttpMethod.Patch, $"/api/organizations/{organization}", body), Surface.Api, $"PATCH organization metadata with {label}");
            }

            // The roles relationship given with the resource.
            var roles = Concat("{\"data\":{\"type\":\"invitation\",\"attributes\":{\"email\":\"r@example.com\"},\"relationships\":{\"roles\":{\"data\":[{\"type\":\"role\",\"id\":"u8.ToArray(), json, "}]}}}}"u8.ToArray());
            await CheckAsync(http, JsonApiRequest(HttpMethod.Post, $"/api/organizations/{organization}/invitations", roles), Surface.Api, $"POST invitation role id with {label}");
            var link = Concat("{\"data\":[{\"type\":\"role\",\"id\":"u8.ToArray(), json, "}]}"u8.ToArray());
            await CheckAsync(http, JsonApiRequest(HttpMethod.Post, $"/api/organizations/{organization}/memberships/{membership}/relationships/roles", link), Surface.Api, $"POST membership roles with {label}");
        }

        await CheckAsync(http, JsonApiRequest(HttpMethod.Post, $"/api/organizations/{organization}/invitations/{invitation}/revoke", "{}"u8.ToArray()), Surface.Api, "revoke");
    }

    /// <summary>The Access module's resources: permissions, roles and their relationships, assignments, checks.</summary>
    private async Task SweepAccessApiAsync(ApiClient api, Guid userId, Guid clientId)
    {
        var http = api.Http;
        var permission = await AccessApiTests.CreatePermissionAsync(api, AccessApiTests.Unique("swept:"));
        var role = await AccessApiTests.CreateRoleAsync(api, AccessApiTests.Unique("swept-"));
        await SweepQueryAsync(http, Surface.Api, "/api/permissions", [("filter[slug]", "a:b"), ("filter[search]", "a"), ("page[size]", "10")]);
        await SweepQueryAsync(http, Surface.Api, "/api/roles", [("filter[slug]", "a"), ("filter[search]", "a"), ("filter[client_id]", "c"), ("page[size]", "10")]);
        await SweepQueryAsync(http, Surface.Api, $"/api/users/{userId}/permissions", [("filter[client_id]", "c")]);
        foreach (var resource in new[] { "permissions", "roles" })
        {
            foreach (var (label, encoded) in Values.Where(v => !v.Encoded.Contains("%00", StringComparison.Ordinal)))
            {
                var id = encoded.Length > 1000 ? encoded[..1000] : encoded;
                await CheckAsync(http, new HttpRequestMessage(HttpMethod.Get, $"/api/{resource}/{id}"), Surface.Api, $"GET /api/{resource}/{{id}} with {label}");
                await CheckAsync(http, new HttpRequestMessage(HttpMethod.Delete, $"/api/{resource}/{id}"), Surface.Api, $"DELETE /api/{resource}/{{id}} with {label}");
            }
        }

        await SweepDocumentAsync(http, HttpMethod.Post, "/api/permissions", "permission", new Dictionary<string, string> { ["slug"] = "\"swept:new\"", ["description"] = "\"d\"" });
        await SweepDocumentAsync(http, HttpMethod.Patch, $"/api/permissions/{permission}", "permission", new Dictionary<string, string> { ["description"] = "\"d\"" });
        await SweepDocumentAsync(http, HttpMethod.Post, "/api/roles", "role", new Dictionary<string, string>
        {
            ["slug"] = "\"ROLE_SWEPT\"", ["name"] = "\"Swept\"", ["description"] = "\"d\"", ["client_id"] = "\"c\"", ["default"] = "false",
        });
        await SweepDocumentAsync(http, HttpMethod.Patch, $"/api/roles/{role}", "role", new Dictionary<string, string> { ["name"] = "\"Swept\"", ["description"] = "\"d\"" });
        await SweepDocumentAsync(http, HttpMethod.Post, "/api/authorization-checks", "authorization_check", new Dictionary<string, string>
        {
            ["user_id"] = $"\"{userId}\"", ["client_id"] = "\"c\"", ["permission"] = "\"a:b\"",
        });
        foreach (var (method, path, type) in new[]
        {
            (HttpMethod.Post, $"/api/roles/{role}/relationships/permissions", "permission"),
            (HttpMethod.Delete, $"/api/roles/{role}/relationships/permissions", "permission"),
            (HttpMethod.Post, $"/api/roles/{role}/relationships/included_roles", "role"),
            (HttpMethod.Post, $"/api/users/{userId}/roles", "role"),
            (HttpMethod.Delete, $"/api/users/{userId}/roles", "role"),
            (HttpMethod.Post, $"/api/oauth-clients/{clientId}/roles", "role"),
        })
        {
            foreach (var (label, json) in JsonValues)
            {
                var body = Concat(Encoding.UTF8.GetBytes($"{{\"data\":[{{\"type\":\"{type}\",\"id\":"), json, "}]}"u8.ToArray());
                await CheckAsync(http, JsonApiRequest(method, path, body), Surface.Api, $"{method} {path} id with {label}");
                var typed = Concat("{\"data\":[{\"id\":\"0195f0d0-0000-7000-8000-000000000000\",\"type\":"u8.ToArray(), json, "}]}"u8.ToArray());
                await CheckAsync(http, JsonApiRequest(method, path, typed), Surface.Api, $"{method} {path} type with {label}");
            }
        }
    }

    /// <summary>On a real server: the in-memory test host decodes the Host itself, and throws before the app sees it.</summary>
    private async Task SweepHostHeaderAsync()
    {
        await using var app = await PaylentApp.StartListeningAsync(DatabaseProvider.Postgres);
        using var http = new HttpClient { BaseAddress = app.Url() };
        foreach (var host in BadHosts)
        {
            foreach (var path in new[] { "/healthz", "/readyz", "/", "/sign-in", "/oauth/authorize", "/oauth/token", "/api/users", "/.well-known/openid-configuration", "/.well-known/acme-challenge/x", "/environments/test/users" })
            {
                foreach (var html in new[] { true, false })
                {
                    var request = new HttpRequestMessage(path == "/oauth/token" ? HttpMethod.Post : HttpMethod.Get, path);
                    request.Headers.Host = host;
                    if (html)
                    {
                        request.Headers.Accept.ParseAdd("text/html");
                    }

                    await CheckAsync(http, request, Surface.UnknownHost, $"{path} on host {host}");
                }
            }
        }
    }

    /// <summary>Each query parameter in turn malformed, repeated, and an extra parameter with a malformed name.</summary>
    private async Task SweepQueryAsync(HttpClient http, Surface surface, string path, IReadOnlyList<(string Name, string Value)> parameters)
    {
        foreach (var query in Mutations(parameters))
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{path}?{Encoding.ASCII.GetString(query.Body)}");
            await CheckAsync(http, request, surface, $"GET {path} {query.Label}");
        }
    }

    /// <summary>Each field in turn malformed or repeated, raw invalid bytes, and the whole form in charsets other than UTF-8.</summary>
    private async Task SweepFormAsync(
        HttpClient http, Surface surface, HttpMethod method, string path, IReadOnlyList<(string Name, string Value)> fields, (string Id, string Secret)? basic = null)
    {
        var cases = Mutations(fields).ToList();
        foreach (var (name, _) in fields)
        {
            cases.Add(($"{name} with raw invalid bytes", Concat(Encoding.ASCII.GetBytes(Encode(fields.Where(f => f.Name != name)) + $"&{name}="), [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80])));
        }

        foreach (var (label, body) in cases)
        {
            await CheckAsync(http, WithBasic(FormRequest(method, path, body), basic), surface, $"{method} {path} {label}");
        }

        foreach (var charset in new[] { "utf-7", "latin1", "iso-8859-1", "utf-16", "x-unknown" })
        {
            var request = WithBasic(FormRequest(method, path, Encoding.ASCII.GetBytes(Encode(fields))), basic);
            request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/x-www-form-urlencoded; charset={charset}");
            await CheckAsync(http, request, surface, $"{method} {path} in charset {charset}");
        }
    }

    /// <summary>Each attribute of a JSON:API document in turn malformed, and a document that repeats one.</summary>
    private async Task SweepDocumentAsync(HttpClient http, HttpMethod method, string path, string type, IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var name in attributes.Keys)
        {
            foreach (var (label, json) in JsonValues)
            {
                var others = string.Concat(attributes.Where(a => a.Key != name).Select(a => $"\"{a.Key}\":{a.Value},"));
                var body = Concat(Encoding.UTF8.GetBytes($"{{\"data\":{{\"type\":\"{type}\",\"attributes\":{{{others}\"{name}\":"), json, "}}}"u8.ToArray());
                await CheckAsync(http, JsonApiRequest(method, path, body), Surface.Api, $"{method} {path} {name} with {label}");
            }

            var repeated = Encoding.UTF8.GetBytes($"{{\"data\":{{\"type\":\"{type}\",\"attributes\":{{{string.Join(",", attributes.Select(a => $"\"{a.Key}\":{a.Value}"))},\"{name}\":{attributes[name]}}}}}}}");
            await CheckAsync(http, JsonApiRequest(method, path, repeated), Surface.Api, $"{method} {path} {name} repeated");
        }

        foreach (var (label, json) in JsonValues)
        {
            var badName = Concat(Encoding.UTF8.GetBytes($"{{\"data\":{{\"type\":"), json, "}}"u8.ToArray());
            await CheckAsync(http, JsonApiRequest(method, path, badName), Surface.Api, $"{method} {path} type with {label}");
        }

        var utf7 = JsonApiRequest(method, path, Encoding.UTF8.GetBytes($"{{\"data\":{{\"type\":\"{type}\",\"attributes\":{{}}}}}}"));
        utf7.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.api+json; charset=utf-7");
        await CheckAsync(http, utf7, Surface.Api, $"{method} {path} in charset utf-7");
    }

    private static IEnumerable<(string Label, byte[] Body)> Mutations(IReadOnlyList<(string Name, string Value)> fields)
    {
        foreach (var (name, _) in fields)
        {
            var others = Encode(fields.Where(f => f.Name != name));
            var separator = others.Length > 0 ? "&" : string.Empty;
            foreach (var (label, encoded) in Values)
            {
                yield return ($"{name} with {label}", Encoding.ASCII.GetBytes($"{others}{separator}{name}={encoded}"));
            }

            yield return ($"{name} repeated", Encoding.ASCII.GetBytes($"{Encode(fields)}&{Encode(fields.Where(f => f.Name == name))}"));
        }

        foreach (var (label, encoded) in Values.Where(v => v.Encoded.Length < 100))
        {
            yield return ($"a parameter named with {label}", Encoding.ASCII.GetBytes($"{Encode(fields)}&{encoded}=x"));
        }
    }

    private async Task CheckAsync(HttpClient http, HttpRequestMessage request, Surface surface, string label)
    {
        if (surface is Surface.Page or Surface.Authorize)
        {
            request.Headers.Accept.ParseAdd("text/html");
        }

        _requests++;
        using var response = await http.SendAsync(request);
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            _failures.Add($"{label}: {status} {Shorten(body)}");
            return;
        }

        var problem = surface switch
        {
            Surface.OAuth when status >= 400 && !(mediaType == "application/json" && HasMember(body, "error")) && !IsBareBearerChallenge(response, body) => "not RFC 6749 error JSON",
            Surface.Api when status >= 400 && !(mediaType == ApiClient.MediaType && HasMember(body, "errors")) => "not a JSON:API error document",
            Surface.Page when status >= 400 && mediaType != "text/html" => "not an HTML page",
            Surface.Authorize when !(status is 302 or 303 || (status >= 400 && mediaType == "text/html")) => "neither a redirect nor the error page",
            Surface.UnknownHost when !(status == 404 && (body.Contains("unknown_host", StringComparison.Ordinal) || body.Contains("Unknown host", StringComparison.Ordinal))) => "not the unknown-host answer",
            _ => null,
        };
        if (problem is not null)
        {
            _failures.Add($"{label}: {status} {mediaType}: {problem}: {Shorten(body)}");
        }
    }

    /// <summary>RFC 6750 §3.1: a request to a bearer endpoint without a token gets the challenge alone, no error body.</summary>
    private static bool IsBareBearerChallenge(HttpResponseMessage response, string body) =>
        response.StatusCode == HttpStatusCode.Unauthorized && body.Length == 0 && response.Headers.WwwAuthenticate.ToString() == "Bearer realm=\"paylent\"";

    private static bool HasMember(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static HttpRequestMessage FormRequest(HttpMethod method, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        return new HttpRequestMessage(method, path) { Content = content };
    }

    private static HttpRequestMessage JsonApiRequest(HttpMethod method, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ApiClient.MediaType);
        return new HttpRequestMessage(method, path) { Content = content };
    }

    private static HttpRequestMessage WithBasic(HttpRequestMessage request, (string Id, string Secret)? basic)
    {
        if (basic is { } credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Id}:{credentials.Secret}")));
        }

        return request;
    }

    private static async Task<string> AntiforgeryAsync(HttpClient http, string path) => Html.AntiforgeryToken(await Html.ParseAsync(await http.GetAsync(path)));

    private static (string Name, string Value) Token(string token) => ("__RequestVerificationToken", token);

    private static string Encode(IEnumerable<(string Name, string Value)> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));

    /// <summary>The bytes a percent-encoded value stands for (invalid UTF-8 included).</summary>
    private static byte[] Unescape(string encoded)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length)
            {
                bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)encoded[i]);
            }
        }

        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;

    private enum Surface
    {
        OAuth,
        Api,
        Page,
        Authorize,
        UnknownHost,
    }
}
