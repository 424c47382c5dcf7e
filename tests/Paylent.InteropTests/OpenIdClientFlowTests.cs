using System.Text.Json;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;
using Xunit.Abstractions;

namespace Paylent.InteropTests;

/// <summary>
/// openid-client (npm), the OpenID-certified relying-party library, runs the whole flow against a
/// listening Paylent with no adjustment for it: discovery, authorization code with PKCE through the
/// hosted sign-in (and consent for a third-party client), ID-token validation, userinfo, refresh,
/// RP-initiated logout, and what must hold after it (rp/flow.mjs).
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class OpenIdClientFlowTests(InteropApps apps, ITestOutputHelper output)
{
    private const string Password = "interop user password 1";
    private const string PostLogoutRedirectUri = "https://rp.example/interop/signed-out";

    /// <summary>
    /// Where each kind of app is sent back (never loaded: the flow's browser stops there): a web app's
    /// https, and a native app's (RFC 8252) loopback, registered without a port and requested on the one
    /// its listener got (§7.3), and private-use scheme (§7.1). Anyone could claim the last two, so
    /// Paylent asks for consent there every time, first party or not (§8.6).
    /// </summary>
    private static (string Registered, string Requested, bool Claimable) Redirect(string kind) => kind switch
    {
        "web" => ("https://rp.example/interop/callback", "https://rp.example/interop/callback", false),
        "loopback" => ("http://127.0.0.1/interop/callback", $"http://127.0.0.1:{Random.Shared.Next(49152, 65535)}/interop/callback", true),
        "custom-scheme" => ("com.example.app:/interop/callback", "com.example.app:/interop/callback", true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<DatabaseProvider, string, bool, string> Clients => new()
    {
        { DatabaseProvider.Sqlite, "confidential", true, "web" },
        { DatabaseProvider.Sqlite, "confidential", false, "web" },
        { DatabaseProvider.Sqlite, "public", true, "web" },
        { DatabaseProvider.Sqlite, "public", false, "web" },
        { DatabaseProvider.Sqlite, "public", true, "loopback" },
        { DatabaseProvider.Sqlite, "public", false, "custom-scheme" },
        { DatabaseProvider.Postgres, "confidential", false, "web" },
        { DatabaseProvider.Postgres, "public", true, "web" },
        { DatabaseProvider.Postgres, "public", false, "loopback" },
        { DatabaseProvider.Postgres, "public", true, "custom-scheme" },
    };

    [Theory]
    [MemberData(nameof(Clients))]
    public Task Openid_client_completes_sign_in_userinfo_refresh_and_logout(DatabaseProvider provider, string clientType, bool firstParty, string redirect) =>
        RunFlowAsync(provider, clientType, firstParty, redirect, "RS256");

    /// <summary>
    /// A client registered for ES256 (<c>id_token_signed_response_alg</c>), told to openid-client too, which
    /// then accepts ES256 ID tokens only and verifies them with the P-256 key it finds in JWKS.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Openid_client_completes_the_flow_with_es256_id_tokens(DatabaseProvider provider) =>
        RunFlowAsync(provider, "confidential", false, "web", "ES256");

    /// <summary>
    /// Issue 13: openid-client names an organization on the authorization request (a Paylent parameter it
    /// passes through), reads <c>org_id</c> from the ID token it validated and the organization's roles,
    /// merged with the environment's, from the access token; a refresh with <c>organization</c> switches.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Openid_client_signs_in_to_an_organization_and_switches_to_another_on_refresh(DatabaseProvider provider) =>
        RunFlowAsync(provider, "confidential", false, "web", "RS256", organizations: true);

    private async Task RunFlowAsync(DatabaseProvider provider, string clientType, bool firstParty, string redirect, string algorithm, bool organizations = false)
    {
        var (registeredRedirectUri, redirectUri, claimable) = Redirect(redirect);
        var app = await apps.On(provider);
        using var api = await LoopbackApi.ConnectAsync(app);
        var email = $"interop-{Guid.NewGuid():N}@example.com";
        var user = await api.CreateUserAsync(email, Password);
        var roleSlug = $"ROLE_INTEROP_{Guid.NewGuid():N}";
        var role = await api.CreateAsync("/api/roles", "role", new Dictionary<string, object?> { ["slug"] = roleSlug, ["name"] = "Interop" });
        using (var assigned = await api.SendAsync(HttpMethod.Post, $"/api/users/{user.Id}/roles", new { data = new[] { new { type = "role", id = role.Id } } }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, assigned.StatusCode);
        }

        var client = await api.CreateAsync("/api/oauth-clients", "oauth_client", new Dictionary<string, object?>
        {
            ["name"] = "Interop RP",
            ["client_type"] = clientType,
            ["first_party"] = firstParty,
            ["redirect_uris"] = new[] { registeredRedirectUri },
            ["post_logout_redirect_uris"] = new[] { PostLogoutRedirectUri },
            ["grant_types"] = new[] { "authorization_code", "refresh_token" },
            ["allowed_scopes"] = new[] { "openid", "profile", "email", "offline_access", "roles", "organization" },
            ["token_format"] = "jwt",
            ["id_token_signed_response_alg"] = algorithm,
        });
        var environment = new Dictionary<string, string>
        {
            ["PAYLENT_ISSUER"] = api.IssuerString,
            ["PAYLENT_CLIENT_ID"] = client.Attribute("client_id"),
            ["PAYLENT_REDIRECT_URI"] = redirectUri,
            ["PAYLENT_POST_LOGOUT_REDIRECT_URI"] = PostLogoutRedirectUri,
            ["PAYLENT_USER_EMAIL"] = email,
            ["PAYLENT_USER_PASSWORD"] = Password,
            ["PAYLENT_ID_TOKEN_SIGNED_RESPONSE_ALG"] = algorithm,
        };
        if (clientType == "confidential")
        {
            // Introspection by the client itself, which may see its own tokens (RFC 7662 §4).
            environment["PAYLENT_CLIENT_SECRET"] = client.Attribute("client_secret");
        }
        else
        {
            // A public client cannot introspect; another client (the management one) must see its tokens inactive.
            environment["PAYLENT_INTROSPECTION_CLIENT_ID"] = LoopbackApi.ManagementClientId;
            environment["PAYLENT_INTROSPECTION_CLIENT_SECRET"] = PaylentApp.ManagementSecret;
        }

        Organization? first = null, second = null;
        if (organizations)
        {
            (first, second) = (await OrganizationAsync(api, user.Id), await OrganizationAsync(api, user.Id));
            environment["PAYLENT_ORGANIZATION"] = first.Slug;
            environment["PAYLENT_SWITCH_ORGANIZATION"] = second.Id;
        }

        var run = await RelyingParty.RunAsync("flow.mjs", environment);
        output.WriteLine(run.StandardOutput);

        Assert.True(run.ExitCode == 0, $"flow.mjs exited {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        var summary = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.True(summary.GetProperty("ok").GetBoolean());
        Assert.Equal(clientType, summary.GetProperty("client_type").GetString());
        Assert.Equal(!firstParty || claimable, summary.GetProperty("consent_shown").GetBoolean());
        Assert.True(summary.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.True(summary.GetProperty("callback_iss").GetBoolean());
        var idToken = summary.GetProperty("id_token");
        foreach (var claim in new[] { "iss", "aud", "nonce", "auth_time", "sid", "at_hash" })
        {
            Assert.True(idToken.GetProperty(claim).GetBoolean(), $"ID token {claim}: {summary}");
        }

        Assert.Equal(email, idToken.GetProperty("email").GetString());
        Assert.Equal(algorithm, idToken.GetProperty("alg").GetString());
        if (first is not null && second is not null)
        {
            // The ID token the library validated names the organization; the access token carries its role
            // merged with the environment's (union, sorted); the switch's tokens carry the other's instead.
            Assert.Equal(first.Id, idToken.GetProperty("org_id").GetString());
            Assert.Equal(first.Slug, idToken.GetProperty("org_slug").GetString());
            var access = summary.GetProperty("access_token");
            Assert.Equal(first.Id, access.GetProperty("org_id").GetString());
            Assert.Equal(new[] { roleSlug, first.Role }.Order(StringComparer.Ordinal), access.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(first.Id, summary.GetProperty("refresh_access_token").GetProperty("org_id").GetString());
            var switched = summary.GetProperty("switched");
            Assert.Equal(second.Id, switched.GetProperty("id_token_org_id").GetString());
            Assert.Equal(second.Id, switched.GetProperty("access_token").GetProperty("org_id").GetString());
            Assert.Equal(
                new[] { roleSlug, second.Role }.Order(StringComparer.Ordinal), switched.GetProperty("access_token").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(
                new[] { roleSlug, first.Role }.Order(StringComparer.Ordinal), idToken.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }
        else
        {
            Assert.Equal([roleSlug], idToken.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(JsonValueKind.Null, idToken.GetProperty("org_id").ValueKind);
        }

        Assert.Equal(
            idToken.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), summary.GetProperty("userinfo").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(email, summary.GetProperty("userinfo").GetProperty("email").GetString());
        Assert.True(summary.GetProperty("userinfo").GetProperty("email_verified").GetBoolean());
        Assert.Equal("Ada Lovelace", summary.GetProperty("userinfo").GetProperty("name").GetString());
        Assert.True(summary.GetProperty("refresh_rotated").GetBoolean());
        Assert.True(summary.GetProperty("logout_state").GetBoolean());
        Assert.Equal("invalid_grant", summary.GetProperty("refresh_after_logout").GetString());
        Assert.Equal(clientType == "confidential", summary.GetProperty("introspection_before").GetBoolean());
        Assert.False(summary.GetProperty("introspection_after_logout").GetBoolean());
        Assert.Equal("invalid_token", summary.GetProperty("userinfo_after_logout").GetString());
        Assert.True(summary.GetProperty("session_ended").GetBoolean());
        Assert.Equal("login_required", summary.GetProperty("prompt_none_after_logout").GetString());

        // Nothing secret went to the output a CI log keeps.
        Assert.DoesNotContain(Password, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        if (clientType == "confidential")
        {
            Assert.DoesNotContain(client.Attribute("client_secret"), run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        }
    }

    /// <summary>An organization the user is an active member of, holding a role of its own there.</summary>
    private static async Task<Organization> OrganizationAsync(LoopbackApi api, string userId)
    {
        var slug = $"interop-{Guid.NewGuid():N}"[..20];
        var role = $"org_interop_{Guid.NewGuid():N}";
        var roleId = (await api.CreateAsync("/api/roles", "role", new Dictionary<string, object?> { ["slug"] = role, ["name"] = "Interop org role" })).Id;
        var organization = await api.CreateAsync("/api/organizations", "organization", new Dictionary<string, object?> { ["slug"] = slug, ["name"] = "Interop " + slug });
        using var member = await api.SendAsync(HttpMethod.Post, $"/api/organizations/{organization.Id}/memberships", new
        {
            data = new
            {
                type = "membership",
                attributes = new { user_id = userId },
                relationships = new { roles = new { data = new[] { new { type = "role", id = roleId } } } },
            },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, member.StatusCode);
        return new Organization(organization.Id, slug, role);
    }

    private sealed record Organization(string Id, string Slug, string Role);
}
