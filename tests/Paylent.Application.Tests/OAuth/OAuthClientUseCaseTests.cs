using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Paging;
using Paylent.Application.Common.Security;
using Paylent.Application.OAuth.Clients;
using Paylent.Application.Tenancy;
using Paylent.Application.Tests.Support;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.Tests.OAuth;

public sealed class OAuthClientUseCaseTests
{
    private static OAuthClientSettings Service(string name = "Billing service") => new(
        Name: name,
        RedirectUris: [],
        PostLogoutRedirectUris: [],
        GrantTypes: [GrantTypes.ClientCredentials],
        AllowedScopes: ["billing:read"]);

    private static OAuthClientSettings App => new(
        Name: "Web app",
        RedirectUris: ["https://app.example/callback"],
        PostLogoutRedirectUris: [],
        GrantTypes: [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken],
        AllowedScopes: [Scopes.OpenId, Scopes.Profile],
        RequirePkce: false);

    private static AuditActor AdminOf(CreatedAccount account) => AuditActor.Admin(account.AdminId);

    private static Task<OAuthClient> Stored(ApplicationHarness app, Guid id) =>
        app.Read(db => db.OAuthClients.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id));

    private static Task<List<string>> StoredAuditChanges(ApplicationHarness app) =>
        app.Read(db => db.Database.SqlQueryRaw<string>("SELECT changes AS \"Value\" FROM audit_events").ToListAsync());

    [Fact]
    public async Task Creating_a_confidential_client_returns_its_secret_once_and_stores_only_its_hash()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service()), account.In("test"), AdminOf(account));

        var secret = Assert.IsType<string>(created.ClientSecret);
        Assert.Equal(43, secret.Length);
        Assert.Equal(ClientType.Confidential, created.Client.ClientType);
        Assert.Equal("Billing service", created.Client.Name);
        Assert.False(string.IsNullOrEmpty(created.Client.ClientId));
        var stored = await Stored(app, created.Client.Id);
        Assert.Equal(account.In("test").EnvironmentId, stored.EnvironmentId);
        Assert.Equal(created.Client.ClientId, stored.ClientId);
        Assert.NotNull(stored.SecretHash);
        Assert.NotEqual(secret, stored.SecretHash);
        Assert.True(Secrets.Matches(stored.SecretHash, secret));
        Assert.False(Secrets.Matches(stored.SecretHash, secret + "x"));
    }

    [Fact]
    public async Task Every_client_gets_its_own_client_id_and_secret()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var first = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service()), account.In("test"));
        var second = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service()), account.In("test"));

        Assert.NotEqual(first.Client.ClientId, second.Client.ClientId);
        Assert.NotEqual(first.ClientSecret, second.ClientSecret);
    }

    [Fact]
    public async Task Creating_a_public_client_gives_no_secret_and_always_requires_pkce()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var created = await app.Send(new CreateOAuthClient(ClientType.Public, App), account.In("test"), AdminOf(account));

        Assert.Null(created.ClientSecret);
        Assert.True(created.Client.RequirePkce);
        var stored = await Stored(app, created.Client.Id);
        Assert.Null(stored.SecretHash);
        Assert.True(stored.RequirePkce);
        Assert.Equal(["https://app.example/callback"], stored.RedirectUris);
    }

    [Fact]
    public async Task Creating_a_client_is_audited_with_the_secret_hash_redacted_and_the_secret_nowhere_in_the_trail()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var seen = await app.AuditEventIds();

        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service()), account.In("test"), AdminOf(account));

        var audited = Assert.Single(await app.AuditEventsSince(seen));
        Assert.Equal("oauth_client.created", audited.Action);
        Assert.Equal(AdminOf(account), audited.Actor);
        Assert.Equal(account.In("test").EnvironmentId, audited.EnvironmentId);
        Assert.Equal(new AuditTarget("oauth_client", created.Client.Id.ToString()), Assert.Single(audited.Targets));
        Assert.Equal(AuditChange.Redacted, audited.Changes["secret_hash"].To?.ToString());
        Assert.Equal("Billing service", audited.Changes["name"].To?.ToString());
        Assert.Equal(created.Client.ClientId, audited.Changes["client_id"].To?.ToString());

        var hash = (await Stored(app, created.Client.Id)).SecretHash!;
        var trail = await StoredAuditChanges(app);
        Assert.DoesNotContain(trail, s => s.Contains(created.ClientSecret!, StringComparison.Ordinal) || s.Contains(hash, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotating_a_secret_returns_a_new_one_and_the_old_one_stops_matching()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service()), test, AdminOf(account));
        var seen = await app.AuditEventIds();

        var rotated = await app.Send(new RotateClientSecret(created.Client.Id), test, AdminOf(account));

        var secret = Assert.IsType<string>(rotated.ClientSecret);
        Assert.Equal(43, secret.Length);
        Assert.NotEqual(created.ClientSecret, secret);
        Assert.Equal(created.Client.ClientId, rotated.Client.ClientId);
        var stored = await Stored(app, created.Client.Id);
        Assert.True(Secrets.Matches(stored.SecretHash, secret));
        Assert.False(Secrets.Matches(stored.SecretHash, created.ClientSecret));

        var audited = Assert.Single(await app.AuditEventsSince(seen));
        Assert.Equal("oauth_client.secret_rotated", audited.Action);
        Assert.Equal(created.Client.Id.ToString(), Assert.Single(audited.Targets).Id);
        Assert.Equal(AuditChange.Redacted, audited.Changes["secret_hash"].From?.ToString());
        Assert.Equal(AuditChange.Redacted, audited.Changes["secret_hash"].To?.ToString());
        Assert.DoesNotContain(await StoredAuditChanges(app), s => s.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_public_client_has_no_secret_to_rotate()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var created = await app.Send(new CreateOAuthClient(ClientType.Public, App), account.In("test"));
        var seen = await app.AuditEventIds();

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new RotateClientSecret(created.Client.Id), account.In("test")));

        Assert.Equal("public_client", error.Code);
        Assert.Null((await Stored(app, created.Client.Id)).SecretHash);
        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task Updating_a_client_is_audited_with_the_fields_that_changed()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service()), test, AdminOf(account));
        var seen = await app.AuditEventIds();

        var updated = await app.Send(
            new UpdateOAuthClient(created.Client.Id, OAuthClientChanges.All(Service("Invoicing service") with { AccessTokenLifetime = 600 })), test, AdminOf(account));

        Assert.Equal("Invoicing service", updated.Name);
        Assert.Equal(600, updated.AccessTokenLifetime);
        var stored = await Stored(app, created.Client.Id);
        Assert.Equal("Invoicing service", stored.Name);
        Assert.True(Secrets.Matches(stored.SecretHash, created.ClientSecret));

        var audited = Assert.Single(await app.AuditEventsSince(seen));
        Assert.Equal("oauth_client.updated", audited.Action);
        Assert.Equal(AdminOf(account), audited.Actor);
        Assert.Equal("Billing service", audited.Changes["name"].From?.ToString());
        Assert.Equal("Invoicing service", audited.Changes["name"].To?.ToString());
        Assert.Equal("3600", audited.Changes["access_token_lifetime"].From?.ToString());
        Assert.Equal("600", audited.Changes["access_token_lifetime"].To?.ToString());
        // Unchanged fields (lists compared by value, the secret) are not reported.
        Assert.Equal(["access_token_lifetime", "name"], audited.Changes.Keys.Order());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_no_audit_event()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service()), test);
        var seen = await app.AuditEventIds();

        await app.Send(new UpdateOAuthClient(created.Client.Id, OAuthClientChanges.All(Service())), test);

        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task Deleting_a_client_removes_it_and_is_audited()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service()), test, AdminOf(account));
        var seen = await app.AuditEventIds();

        Assert.True(await app.Send(new DeleteOAuthClient(created.Client.Id), test, AdminOf(account)));

        Assert.False(await app.Read(db => db.OAuthClients.IgnoreQueryFilters().AnyAsync(c => c.Id == created.Client.Id)));
        var audited = Assert.Single(await app.AuditEventsSince(seen));
        Assert.Equal("oauth_client.deleted", audited.Action);
        Assert.Equal(created.Client.Id.ToString(), Assert.Single(audited.Targets).Id);
        Assert.Equal("Billing service", audited.Changes["name"].From?.ToString());
        Assert.Null(audited.Changes["name"].To);
        await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new GetOAuthClient(created.Client.Id), test));
    }

    [Fact]
    public async Task The_management_client_cannot_be_deleted()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var management = await app.Read(db => db.OAuthClients.IgnoreQueryFilters()
            .SingleAsync(c => c.EnvironmentId == test.EnvironmentId && c.ClientId == OAuthClient.ManagementClientId));
        var seen = await app.AuditEventIds();

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new DeleteOAuthClient(management.Id), test, AdminOf(account)));

        Assert.Equal("management_client", error.Code);
        Assert.True(await app.Read(db => db.OAuthClients.IgnoreQueryFilters().AnyAsync(c => c.Id == management.Id)));
        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task Input_of_the_wrong_shape_is_rejected_by_field_before_the_domain()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var seen = await app.AuditEventIds();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.Send(new CreateOAuthClient(ClientType.Confidential, Service("") with { GrantTypes = [] }), account.In("test")));

        Assert.Contains(error.Errors, e => e.Field == "Settings.Name");
        Assert.Contains(error.Errors, e => e.Field == "Settings.GrantTypes");
        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task An_undefined_client_type_is_rejected_by_field()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.Send(new CreateOAuthClient((ClientType)7, Service()), account.In("test")));

        Assert.Contains(error.Errors, e => e.Field == nameof(CreateOAuthClient.ClientType));
    }

    [Fact]
    public async Task A_public_client_with_client_credentials_is_a_business_error_and_nothing_is_written()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var seen = await app.AuditEventIds();

        var error = await Assert.ThrowsAsync<DomainException>(() => app.Send(new CreateOAuthClient(ClientType.Public, Service()), account.In("test")));

        Assert.Equal("invalid_grant_types", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.GrantTypes), error.Field);
        Assert.Equal(2, await app.Read(db => db.OAuthClients.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task An_invalid_redirect_uri_in_an_update_is_rejected_and_the_client_is_unchanged()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var created = await app.Send(new CreateOAuthClient(ClientType.Confidential, App), test);
        var seen = await app.AuditEventIds();

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            app.Send(new UpdateOAuthClient(created.Client.Id, OAuthClientChanges.All(App with { Name = "Changed", RedirectUris = ["http://app.example/callback"] })), test));

        Assert.Equal("invalid_redirect_uri", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.RedirectUris), error.Field);
        var stored = await Stored(app, created.Client.Id);
        Assert.Equal("Web app", stored.Name);
        Assert.Equal(["https://app.example/callback"], stored.RedirectUris);
        Assert.Empty(await app.AuditEventsSince(seen));
    }

    [Fact]
    public async Task Clients_are_listed_by_name_in_pages()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        foreach (var name in new[] { "Charlie", "Alpha", "Bravo" })
        {
            await app.Send(new CreateOAuthClient(ClientType.Confidential, Service(name)), test);
        }

        var first = await app.Send(new ListOAuthClients(new PageRequest(1, 2)), test);
        var second = await app.Send(new ListOAuthClients(new PageRequest(2, 2)), test);
        var beyond = await app.Send(new ListOAuthClients(new PageRequest(3, 2)), test);

        Assert.Equal(["Alpha", "Bravo"], first.Items.Select(c => c.Name));
        Assert.True(first.HasNext);
        Assert.Equal(["Charlie", "Paylent management API"], second.Items.Select(c => c.Name));
        Assert.False(second.HasNext);
        Assert.True(second.HasPrevious);
        Assert.Empty(beyond.Items);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    [InlineData(1, 101)]
    public async Task Out_of_range_pages_are_validation_errors(int number, int size)
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.Send(new ListOAuthClients(new PageRequest(number, size)), account.In("test")));

        Assert.All(error.Errors, e => Assert.StartsWith("Page.", e.Field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_environment_sees_and_changes_only_its_own_clients()
    {
        await using var app = await ApplicationHarness.StartAsync();
        var account = await app.CreateAcmeAsync();
        var test = account.In("test");
        var production = account.In("production");
        var testClient = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service("Test only")), test);
        var productionClient = await app.Send(new CreateOAuthClient(ClientType.Confidential, Service("Production only")), production);

        var testPage = await app.Send(new ListOAuthClients(), test);
        var productionPage = await app.Send(new ListOAuthClients(), production);

        Assert.Equal(["Paylent management API", "Test only"], testPage.Items.Select(c => c.Name));
        Assert.Equal(["Paylent management API", "Production only"], productionPage.Items.Select(c => c.Name));
        Assert.DoesNotContain(testPage.Items, c => productionPage.Items.Any(p => p.Id == c.Id));

        await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new GetOAuthClient(productionClient.Client.Id), test));
        await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new UpdateOAuthClient(productionClient.Client.Id, OAuthClientChanges.All(Service("Hijacked"))), test));
        await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new RotateClientSecret(productionClient.Client.Id), test));
        await Assert.ThrowsAsync<NotFoundException>(() => app.Send(new DeleteOAuthClient(productionClient.Client.Id), test));

        var stored = await Stored(app, productionClient.Client.Id);
        Assert.Equal("Production only", stored.Name);
        Assert.True(Secrets.Matches(stored.SecretHash, productionClient.ClientSecret));
        Assert.Equal(testClient.Client.ClientId, (await app.Send(new GetOAuthClient(testClient.Client.Id), test)).ClientId);
    }
}
