using System.Buffers.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Application.OAuth;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Application.OAuth.Tokens;
using Paylent.Application.Tenancy;
using Paylent.Application.Tests.Support;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Application.Tests.OAuth;

public sealed class TokenUseCaseTests
{
    private const string Issuer = "http://demo-test.localhost";

    private static readonly ClientCredentials Management =
        new(OAuthClient.ManagementClientId, ApplicationHarness.ManagementSecret, ClientAuthMethod.Basic);

    private static async Task<(ApplicationHarness App, CreatedAccount Account)> StartAsync()
    {
        var app = await ApplicationHarness.StartAsync();
        return (app, await app.CreateAcmeAsync());
    }

    private static IssueClientCredentialsToken TokenRequest(ClientCredentials credentials, string? scope = null, params string[] resources) =>
        new(credentials, scope, resources, Issuer);

    /// <summary>A confidential client_credentials client of the environment, and how it authenticates.</summary>
    private static async Task<ClientCredentials> ServiceClientAsync(
        ApplicationHarness app, (Guid, Guid) environment, TokenFormat format = TokenFormat.Jwt, params string[] scopes)
    {
        var settings = new OAuthClientSettings("Billing service", [], [], [GrantTypes.ClientCredentials], scopes.Length == 0 ? ["billing:read"] : scopes, format)
        {
            AllowedResources = ["https://api.example/billing", "https://api.example/ledger", "https://api.example/ok"],
        };
        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, settings), environment);
        return new ClientCredentials(created.Client.ClientId, created.ClientSecret, ClientAuthMethod.Post);
    }

    private static JsonElement Segment(string jwt, int index)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index]));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task The_management_client_gets_a_signed_jwt_with_the_manage_scope()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");

        var response = await app.Send(TokenRequest(Management), test);

        Assert.Equal(3, response.AccessToken.Split('.').Length);
        Assert.Equal("Bearer", response.TokenType);
        Assert.Equal(3600, response.ExpiresIn);
        Assert.Equal(Scopes.Manage, response.Scope);
        var primary = await app.Read(db => db.SigningKeys.IgnoreQueryFilters()
            .SingleAsync(k => k.EnvironmentId == test.EnvironmentId && k.Status == SigningKeyStatus.Primary && k.Algorithm == SigningAlgorithms.Rs256));
        var header = Segment(response.AccessToken, 0);
        Assert.Equal(primary.Kid, header.GetProperty("kid").GetString());
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        var payload = Segment(response.AccessToken, 1);
        Assert.Equal(Issuer, payload.GetProperty("iss").GetString());
        Assert.Equal(OAuthClient.ManagementClientId, payload.GetProperty("sub").GetString());
        Assert.Equal(OAuthClient.ManagementClientId, payload.GetProperty("client_id").GetString());
        Assert.Equal(Issuer + "/api", payload.GetProperty("aud").GetString());
        Assert.Equal(Scopes.Manage, payload.GetProperty("scope").GetString());
        Assert.Equal(3600, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Client_secret_post_works_as_well_as_basic()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;

        var response = await app.Send(TokenRequest(Management with { Method = ClientAuthMethod.Post }), account.In("test"));

        Assert.Equal(Scopes.Manage, response.Scope);
    }

    [Fact]
    public async Task Resources_become_the_audience()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var client = await ServiceClientAsync(app, account.In("test"));

        var response = await app.Send(TokenRequest(client, null, "https://api.example/billing", "https://api.example/ledger"), account.In("test"));

        var audience = Segment(response.AccessToken, 1).GetProperty("aud");
        Assert.Equal(["https://api.example/billing", "https://api.example/ledger"], audience.EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("wrong-secret-wrong-secret-wrong-secret", ClientAuthMethod.Basic)]
    [InlineData(null, ClientAuthMethod.Basic)]
    [InlineData(ApplicationHarness.ManagementSecret, ClientAuthMethod.None)]
    public async Task A_confidential_client_without_its_secret_is_an_invalid_client(string? secret, ClientAuthMethod method)
    {
        var (app, account) = await StartAsync();
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OAuthException>(() =>
            app.Send(TokenRequest(new ClientCredentials(OAuthClient.ManagementClientId, secret, method)), account.In("test")));

        Assert.Equal(OAuthErrors.InvalidClient, error.Error);
        Assert.Equal(401, error.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-such-client")]
    public async Task An_unknown_or_missing_client_is_an_invalid_client(string? clientId)
    {
        var (app, account) = await StartAsync();
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OAuthException>(() =>
            app.Send(TokenRequest(new ClientCredentials(clientId, ApplicationHarness.ManagementSecret, ClientAuthMethod.Basic)), account.In("test")));

        Assert.Equal(OAuthErrors.InvalidClient, error.Error);
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Another_environments_client_is_unknown_here()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var productionClient = await ServiceClientAsync(app, account.In("production"));

        var error = await Assert.ThrowsAsync<OAuthException>(() => app.Send(TokenRequest(productionClient), account.In("test")));

        Assert.Equal(OAuthErrors.InvalidClient, error.Error);
    }

    [Theory]
    [InlineData(Scopes.OpenId)]
    [InlineData("paylent:manage openid")]
    [InlineData("billing:read")]
    public async Task Scopes_the_client_may_not_have_are_an_invalid_scope(string scope)
    {
        var (app, account) = await StartAsync();
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OAuthException>(() => app.Send(TokenRequest(Management, scope), account.In("test")));

        Assert.Equal(OAuthErrors.InvalidScope, error.Error);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task User_only_scopes_are_never_granted_to_a_client_acting_for_itself()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var client = await ServiceClientAsync(app, test, TokenFormat.Jwt, Scopes.OpenId, Scopes.Email, "billing:read");

        var byDefault = await app.Send(TokenRequest(client), test);
        var error = await Assert.ThrowsAsync<OAuthException>(() => app.Send(TokenRequest(client, Scopes.OpenId), test));

        Assert.Equal("billing:read", byDefault.Scope);
        Assert.Equal(OAuthErrors.InvalidScope, error.Error);
    }

    [Theory]
    [InlineData("billing-api")]
    [InlineData("https://api.example/billing#v1")]
    public async Task A_resource_that_is_not_an_absolute_uri_without_fragment_is_an_invalid_target(string resource)
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var client = await ServiceClientAsync(app, account.In("test"));

        var error = await Assert.ThrowsAsync<OAuthException>(() =>
            app.Send(TokenRequest(client, null, "https://api.example/ok", resource), account.In("test")));

        Assert.Equal(OAuthErrors.InvalidTarget, error.Error);
    }

    [Fact]
    public async Task A_public_client_cannot_use_client_credentials()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var settings = new OAuthClientSettings("SPA", ["https://app.example/callback"], [], [GrantTypes.AuthorizationCode], [Scopes.OpenId]);
        var spa = await app.Send(new CreateOAuthClient(ClientType.Public, settings), test);

        var error = await Assert.ThrowsAsync<OAuthException>(() =>
            app.Send(TokenRequest(new ClientCredentials(spa.Client.ClientId, null, ClientAuthMethod.None)), test));

        Assert.Equal(OAuthErrors.UnauthorizedClient, error.Error);
    }

    [Fact]
    public async Task An_opaque_format_client_gets_a_random_token_stored_only_as_its_hash()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var client = await ServiceClientAsync(app, test, TokenFormat.Opaque);

        var response = await app.Send(TokenRequest(client), test);

        Assert.DoesNotContain('.', response.AccessToken);
        Assert.Equal(43, response.AccessToken.Length);
        Assert.Equal("billing:read", response.Scope);
        var stored = await app.Read(db => db.OpaqueAccessTokens.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        Assert.Equal(Secrets.Hash(response.AccessToken), stored.TokenHash);
        Assert.NotEqual(response.AccessToken, stored.TokenHash);
        Assert.Equal(test.EnvironmentId, stored.EnvironmentId);
        Assert.Equal(client.ClientId, stored.ClientId);
        Assert.Equal(client.ClientId, stored.Subject);
        Assert.Equal(Issuer, stored.Audience);
        Assert.Equal(3600, (stored.ExpiresAt - stored.IssuedAt).TotalSeconds);
    }

    [Fact]
    public async Task Issuing_tokens_is_not_audited_one_by_one()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var client = await ServiceClientAsync(app, test, TokenFormat.Opaque);
        var seen = await app.AuditEventIds();

        await app.Send(TokenRequest(Management), test);
        await app.Send(TokenRequest(client), test);

        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task A_fresh_jwt_introspects_as_active_with_its_claims()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var token = (await app.Send(TokenRequest(Management), test)).AccessToken;

        var introspection = await app.Send(new IntrospectToken(Management, token, Issuer), test);

        Assert.True(introspection.Active);
        Assert.Equal(Scopes.Manage, introspection.Scope);
        Assert.Equal(OAuthClient.ManagementClientId, introspection.ClientId);
        Assert.Equal(OAuthClient.ManagementClientId, introspection.Subject);
        Assert.Equal([Issuer + "/api"], introspection.Audience!);
        Assert.Equal(Issuer, introspection.Issuer);
        Assert.Equal("Bearer", introspection.TokenType);
        Assert.False(string.IsNullOrEmpty(introspection.Jti));
        Assert.True(introspection.ExpiresAt > DateTime.UtcNow);
    }

    [Fact]
    public async Task A_fresh_opaque_token_introspects_as_active()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var client = await ServiceClientAsync(app, test, TokenFormat.Opaque);
        var token = (await app.Send(TokenRequest(client), test)).AccessToken;

        var introspection = await app.Send(new IntrospectToken(client, token, Issuer), test);

        Assert.True(introspection.Active);
        Assert.Equal("billing:read", introspection.Scope);
        Assert.Equal(client.ClientId, introspection.ClientId);
        Assert.Equal(Issuer, introspection.Issuer);
        Assert.Equal([Issuer], introspection.Audience!);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("not.a.jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task Garbage_introspects_as_inactive(string token)
    {
        var (app, account) = await StartAsync();
        await using var _ = app;

        var introspection = await app.Send(new IntrospectToken(Management, token, Issuer), account.In("test"));

        Assert.Same(IntrospectionResponse.Inactive, introspection);
    }

    [Fact]
    public async Task A_jwt_whose_signature_was_altered_introspects_as_inactive()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var token = (await app.Send(TokenRequest(Management), test)).AccessToken;
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { scope = "everything" }))}.{parts[2]}";

        var introspection = await app.Send(new IntrospectToken(Management, tampered, Issuer), test);

        Assert.False(introspection.Active);
    }

    [Fact]
    public async Task Tokens_of_another_environment_introspect_as_inactive()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var production = account.In("production");
        var opaqueClient = await ServiceClientAsync(app, test, TokenFormat.Opaque);
        var jwt = (await app.Send(TokenRequest(Management), test)).AccessToken;
        var opaque = (await app.Send(TokenRequest(opaqueClient), test)).AccessToken;

        // Production's own management client asks; the tokens are test's.
        var jwtThere = await app.Send(new IntrospectToken(Management, jwt, "http://demo-production.localhost"), production);
        var opaqueThere = await app.Send(new IntrospectToken(Management, opaque, "http://demo-production.localhost"), production);

        Assert.False(jwtThere.Active);
        Assert.False(opaqueThere.Active);
        Assert.True((await app.Send(new IntrospectToken(Management, jwt, Issuer), test)).Active);
    }

    [Fact]
    public async Task Only_an_authenticated_confidential_client_may_introspect()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var token = (await app.Send(TokenRequest(Management), test)).AccessToken;
        var settings = new OAuthClientSettings("SPA", ["https://app.example/callback"], [], [GrantTypes.AuthorizationCode], [Scopes.OpenId]);
        var spa = await app.Send(new CreateOAuthClient(ClientType.Public, settings), test);

        var wrongSecret = await Assert.ThrowsAsync<OAuthException>(() =>
            app.Send(new IntrospectToken(Management with { ClientSecret = "nope" }, token, Issuer), test));
        var publicClient = await Assert.ThrowsAsync<OAuthException>(() =>
            app.Send(new IntrospectToken(new ClientCredentials(spa.Client.ClientId, null, ClientAuthMethod.None), token, Issuer), test));

        Assert.Equal(OAuthErrors.InvalidClient, wrongSecret.Error);
        Assert.Equal(OAuthErrors.InvalidClient, publicClient.Error);
        Assert.Equal(401, publicClient.Status);
    }

    [Fact]
    public async Task A_token_signed_by_an_older_active_key_stays_active_until_its_key_is_deactivated()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var beforeRotation = (await app.Send(TokenRequest(Management), test)).AccessToken;
        var rotated = await app.Send(new GenerateSigningKey(), test);
        var afterRotation = (await app.Send(TokenRequest(Management), test)).AccessToken;

        Assert.Equal(rotated.Kid, Segment(afterRotation, 0).GetProperty("kid").GetString());
        Assert.NotEqual(rotated.Kid, Segment(beforeRotation, 0).GetProperty("kid").GetString());
        Assert.True((await app.Send(new IntrospectToken(Management, beforeRotation, Issuer), test)).Active);
        Assert.True((await app.Send(new IntrospectToken(Management, afterRotation, Issuer), test)).Active);

        await app.Send(new DeactivateSigningKey(rotated.Id), test);

        Assert.False((await app.Send(new IntrospectToken(Management, afterRotation, Issuer), test)).Active);
        Assert.True((await app.Send(new IntrospectToken(Management, beforeRotation, Issuer), test)).Active);
    }

    [Fact]
    public async Task Revoking_an_opaque_token_deletes_it()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var client = await ServiceClientAsync(app, test, TokenFormat.Opaque);
        var token = (await app.Send(TokenRequest(client), test)).AccessToken;

        Assert.True(await app.Send(new RevokeToken(client, token), test));

        Assert.False(await app.Read(db => db.OpaqueAccessTokens.IgnoreQueryFilters().AnyAsync()));
        Assert.False((await app.Send(new IntrospectToken(Management, token, Issuer), test)).Active);
    }

    [Fact]
    public async Task Revoking_a_jwt_records_its_jti_and_introspection_then_says_inactive()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var token = (await app.Send(TokenRequest(Management), test)).AccessToken;
        var jti = Segment(token, 1).GetProperty("jti").GetString();
        var other = (await app.Send(TokenRequest(Management), test)).AccessToken;

        Assert.True(await app.Send(new RevokeToken(Management, token), test));
        Assert.True(await app.Send(new RevokeToken(Management, token), test));

        var revoked = await app.Read(db => db.RevokedAccessTokens.IgnoreQueryFilters().AsNoTracking().ToListAsync());
        var entry = Assert.Single(revoked);
        Assert.Equal(jti, entry.Jti);
        Assert.Equal(test.EnvironmentId, entry.EnvironmentId);
        Assert.True(entry.ExpiresAt > DateTime.UtcNow);
        Assert.False((await app.Send(new IntrospectToken(Management, token, Issuer), test)).Active);
        Assert.True((await app.Send(new IntrospectToken(Management, other, Issuer), test)).Active);
    }

    [Theory]
    [InlineData("unknown-opaque-token")]
    [InlineData("not.a.jwt")]
    public async Task Revoking_an_unknown_token_is_not_an_error(string token)
    {
        var (app, account) = await StartAsync();
        await using var _ = app;

        var revoked = await app.Send(new RevokeToken(Management, token), account.In("test"));

        Assert.False(revoked);
        Assert.False(await app.Read(db => db.RevokedAccessTokens.IgnoreQueryFilters().AnyAsync()));
    }

    [Fact]
    public async Task Revoking_a_token_needs_client_authentication()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var token = (await app.Send(TokenRequest(Management), test)).AccessToken;

        var error = await Assert.ThrowsAsync<OAuthException>(() => app.Send(new RevokeToken(Management with { ClientSecret = "nope" }, token), test));

        Assert.Equal(OAuthErrors.InvalidClient, error.Error);
        Assert.True((await app.Send(new IntrospectToken(Management, token, Issuer), test)).Active);
    }

    [Fact]
    public async Task Revoking_another_clients_token_is_refused_and_the_token_stays_active()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var opaqueClient = await ServiceClientAsync(app, test, TokenFormat.Opaque);
        var managementJwt = (await app.Send(TokenRequest(Management), test)).AccessToken;
        var opaqueToken = (await app.Send(TokenRequest(opaqueClient), test)).AccessToken;

        var jwtError = await Assert.ThrowsAsync<OAuthException>(() => app.Send(new RevokeToken(opaqueClient, managementJwt), test));
        var opaqueError = await Assert.ThrowsAsync<OAuthException>(() => app.Send(new RevokeToken(Management, opaqueToken), test));

        Assert.Equal(OAuthErrors.InvalidRequest, jwtError.Error);
        Assert.Equal(OAuthErrors.InvalidRequest, opaqueError.Error);
        Assert.False(await app.Read(db => db.RevokedAccessTokens.IgnoreQueryFilters().AnyAsync()));
        Assert.True((await app.Send(new IntrospectToken(Management, managementJwt, Issuer), test)).Active);
        Assert.True((await app.Send(new IntrospectToken(opaqueClient, opaqueToken, Issuer), test)).Active);
    }

    /// <summary>A resource server registered as a client whose id is its resource URI, so a token's <c>aud</c> can name it.</summary>
    private static async Task<ClientCredentials> ResourceServerClientAsync(ApplicationHarness app, (Guid AccountId, Guid EnvironmentId) environment, string clientId)
    {
        var secret = Secrets.NewToken();
        var settings = new OAuthClientSettings("Orders API", [], [], [GrantTypes.ClientCredentials], ["orders:read"]);
        await using var scope = app.Service<IServiceScopeFactory>().CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<EnvironmentContext>().Enter(environment.AccountId, environment.EnvironmentId);
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        db.OAuthClients.Add(OAuthClient.Create(environment.EnvironmentId, clientId, ClientType.Confidential, settings, Secrets.Hash(secret), DateTime.UtcNow));
        await db.SaveChangesAsync();
        return new ClientCredentials(clientId, secret, ClientAuthMethod.Basic);
    }

    [Theory]
    [InlineData(TokenFormat.Jwt)]
    [InlineData(TokenFormat.Opaque)]
    public async Task An_access_token_introspects_active_only_for_its_client_and_a_client_its_audience_names(TokenFormat format)
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        const string ordersApi = "https://api.example/ledger";
        var owner = await ServiceClientAsync(app, test, format);
        var bystander = await ServiceClientAsync(app, test, format);
        var resourceServer = await ResourceServerClientAsync(app, test, ordersApi);
        var forOrders = (await app.Send(TokenRequest(owner, null, ordersApi), test)).AccessToken;
        var forIssuer = (await app.Send(TokenRequest(owner), test)).AccessToken;

        Assert.True((await app.Send(new IntrospectToken(owner, forOrders, Issuer), test)).Active);
        Assert.True((await app.Send(new IntrospectToken(resourceServer, forOrders, Issuer), test)).Active);
        Assert.Same(IntrospectionResponse.Inactive, await app.Send(new IntrospectToken(bystander, forOrders, Issuer), test));
        Assert.Same(IntrospectionResponse.Inactive, await app.Send(new IntrospectToken(Management, forOrders, Issuer), test));
        Assert.Same(IntrospectionResponse.Inactive, await app.Send(new IntrospectToken(resourceServer, forIssuer, Issuer), test));
    }

    [Fact]
    public async Task Another_clients_management_token_introspects_as_inactive()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var bystander = await ServiceClientAsync(app, test);
        var managementToken = (await app.Send(TokenRequest(Management), test)).AccessToken;

        Assert.Same(IntrospectionResponse.Inactive, await app.Send(new IntrospectToken(bystander, managementToken, Issuer), test));
    }

    [Theory]
    [InlineData("https://api.example/orders")]
    [InlineData("https://api.example/billing/")]
    [InlineData("https://API.example/billing")]
    [InlineData("http://demo-test.localhost/api")]
    public async Task A_resource_the_client_did_not_register_is_an_invalid_target(string resource)
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var client = await ServiceClientAsync(app, account.In("test"));

        var error = await Assert.ThrowsAsync<OAuthException>(() => app.Send(TokenRequest(client, null, resource), account.In("test")));

        Assert.Equal(OAuthErrors.InvalidTarget, error.Error);
    }

    [Fact]
    public async Task The_default_audience_counts_as_registered()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var settings = new OAuthClientSettings("Billing service", [], [], [GrantTypes.ClientCredentials], ["billing:read"], DefaultAudience: "https://billing.example/");
        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, settings), test);
        var client = new ClientCredentials(created.Client.ClientId, created.ClientSecret, ClientAuthMethod.Post);

        var response = await app.Send(TokenRequest(client, null, "https://billing.example/"), test);

        Assert.Equal("https://billing.example/", Segment(response.AccessToken, 1).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task A_manage_token_is_for_the_management_api_alone()
    {
        var (app, account) = await StartAsync();
        await using var _ = app;
        var test = account.In("test");
        var settings = new OAuthClientSettings("Ops", [], [], [GrantTypes.ClientCredentials], [Scopes.Manage, "orders:read"])
        {
            AllowedResources = ["https://api.example/orders"],
        };
        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, settings), test);
        var client = new ClientCredentials(created.Client.ClientId, created.ClientSecret, ClientAuthMethod.Post);

        var byDefault = await app.Send(TokenRequest(client), test);
        var named = await app.Send(TokenRequest(client, Scopes.Manage, Issuer + "/api"), test);
        var both = await Assert.ThrowsAsync<OAuthException>(() =>
            app.Send(TokenRequest(client, Scopes.Manage, Issuer + "/api", "https://api.example/orders"), test));
        var elsewhere = await Assert.ThrowsAsync<OAuthException>(() => app.Send(TokenRequest(client, null, "https://api.example/orders"), test));
        var orders = await app.Send(TokenRequest(client, "orders:read", "https://api.example/orders"), test);

        Assert.Equal(Issuer + "/api", Segment(byDefault.AccessToken, 1).GetProperty("aud").GetString());
        Assert.Equal(Issuer + "/api", Segment(named.AccessToken, 1).GetProperty("aud").GetString());
        Assert.Equal(OAuthErrors.InvalidTarget, both.Error);
        Assert.Equal(OAuthErrors.InvalidTarget, elsewhere.Error);
        Assert.Equal("https://api.example/orders", Segment(orders.AccessToken, 1).GetProperty("aud").GetString());
    }
}
