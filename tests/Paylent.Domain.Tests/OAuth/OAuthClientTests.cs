using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Domain.Tests.OAuth;

public sealed class OAuthClientTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();

    /// <summary>A backend service: client_credentials only.</summary>
    private static OAuthClientSettings Service => new(
        Name: "Billing service",
        RedirectUris: [],
        PostLogoutRedirectUris: [],
        GrantTypes: [GrantTypes.ClientCredentials],
        AllowedScopes: ["billing:read"]);

    /// <summary>A browser or native app signing users in.</summary>
    private static OAuthClientSettings App => new(
        Name: "Web app",
        RedirectUris: ["https://app.example/callback"],
        PostLogoutRedirectUris: ["https://app.example/"],
        GrantTypes: [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken],
        AllowedScopes: [Scopes.OpenId, Scopes.Profile]);

    private static OAuthClient Confidential(OAuthClientSettings settings) =>
        OAuthClient.Create(EnvironmentId, "client-1", ClientType.Confidential, settings, "hash-1", Now);

    private static OAuthClient Public(OAuthClientSettings settings) =>
        OAuthClient.Create(EnvironmentId, "client-2", ClientType.Public, settings, null, Now);

    private static DomainException Rejected(OAuthClientSettings settings, ClientType type = ClientType.Confidential) =>
        Assert.Throws<DomainException>(() => type == ClientType.Confidential ? Confidential(settings) : Public(settings));

    [Fact]
    public void A_confidential_client_keeps_its_settings_and_secret_hash()
    {
        var client = Confidential(Service with
        {
            Name = "  Billing service  ",
            GrantTypes = [GrantTypes.ClientCredentials, GrantTypes.ClientCredentials],
            AllowedScopes = ["billing:read", "billing:write", "billing:read"],
            TokenFormat = TokenFormat.Opaque,
            AccessTokenLifetime = 600,
            DefaultAudience = "https://billing.example/api",
        });

        Assert.Equal(EnvironmentId, client.EnvironmentId);
        Assert.Equal("client-1", client.ClientId);
        Assert.Equal("Billing service", client.Name);
        Assert.True(client.IsConfidential);
        Assert.Equal("hash-1", client.SecretHash);
        Assert.Equal([GrantTypes.ClientCredentials], client.GrantTypes);
        Assert.Equal(["billing:read", "billing:write"], client.AllowedScopes);
        Assert.Equal(TokenFormat.Opaque, client.TokenFormat);
        Assert.Equal(600, client.AccessTokenLifetime);
        Assert.Equal("https://billing.example/api", client.DefaultAudience);
        Assert.Equal(Now, client.CreatedAt);
        Assert.True(client.Allows(GrantTypes.ClientCredentials));
        Assert.False(client.Allows(GrantTypes.AuthorizationCode));
        Assert.Empty(client.DomainEvents);
    }

    [Fact]
    public void A_confidential_client_may_turn_pkce_off()
    {
        var client = Confidential(App with { RequirePkce = false });

        Assert.False(client.RequirePkce);
    }

    [Fact]
    public void A_public_client_always_requires_pkce_even_when_asked_not_to()
    {
        var client = Public(App with { RequirePkce = false });
        Assert.True(client.RequirePkce);
        Assert.Null(client.SecretHash);
        Assert.False(client.IsConfidential);

        client.Change(OAuthClientChanges.All(App with { Name = "Renamed", RequirePkce = false }));
        Assert.True(client.RequirePkce);
        Assert.Equal("Renamed", client.Name);
    }

    [Fact]
    public void A_confidential_client_needs_a_secret_and_a_public_client_may_not_have_one()
    {
        Assert.Throws<InvalidOperationException>(() => OAuthClient.Create(EnvironmentId, "c", ClientType.Confidential, Service, null, Now));
        Assert.Throws<InvalidOperationException>(() => OAuthClient.Create(EnvironmentId, "c", ClientType.Public, App, "hash", Now));
    }

    [Fact]
    public void A_blank_default_audience_means_the_issuer()
    {
        Assert.Null(Confidential(Service with { DefaultAudience = "  " }).DefaultAudience);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void A_name_must_be_1_to_100_characters(string name)
    {
        var error = Rejected(Service with { Name = name });

        Assert.Equal("invalid_name", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.Name), error.Field);
    }

    [Fact]
    public void A_name_of_exactly_100_characters_is_accepted() =>
        Assert.Equal(100, Confidential(Service with { Name = new string('x', 100) }).Name.Length);

    [Theory]
    [InlineData("")]
    [InlineData("password")]
    [InlineData("implicit")]
    [InlineData("client_credentials urn:ietf:params:oauth:grant-type:device_code")]
    [InlineData("Client_Credentials")]
    public void Grant_types_are_some_of_the_known_ones(string grantTypes)
    {
        var error = Rejected(Service with { GrantTypes = grantTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries) });

        Assert.Equal("invalid_grant_types", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.GrantTypes), error.Field);
    }

    [Fact]
    public void A_public_client_cannot_use_client_credentials()
    {
        var error = Rejected(App with { GrantTypes = [GrantTypes.AuthorizationCode, GrantTypes.ClientCredentials] }, ClientType.Public);

        Assert.Equal("invalid_grant_types", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.GrantTypes), error.Field);
    }

    [Fact]
    public void The_authorization_code_grant_needs_a_redirect_uri()
    {
        var error = Rejected(App with { RedirectUris = [] });

        Assert.Equal("redirect_uris_required", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.RedirectUris), error.Field);
    }

    [Theory]
    [InlineData("http://app.example/callback")]
    [InlineData("https://app.example/callback#done")]
    [InlineData("callback")]
    [InlineData("javascript:alert(1)")]
    public void Every_redirect_uri_must_be_acceptable(string uri)
    {
        var error = Rejected(App with { RedirectUris = ["https://app.example/callback", uri] });

        Assert.Equal("invalid_redirect_uri", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.RedirectUris), error.Field);
        Assert.Contains(uri, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Post_logout_redirect_uris_follow_the_same_rules()
    {
        var error = Rejected(App with { PostLogoutRedirectUris = ["http://app.example/"] });

        Assert.Equal("invalid_redirect_uri", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.PostLogoutRedirectUris), error.Field);
    }

    [Fact]
    public void At_most_20_redirect_uris()
    {
        string[] Uris(int count) => [.. Enumerable.Range(1, count).Select(i => $"https://app.example/cb/{i}")];

        Assert.Equal(20, Confidential(App with { RedirectUris = Uris(20) }).RedirectUris.Count);
        var error = Rejected(App with { RedirectUris = Uris(21) });
        Assert.Equal("invalid_redirect_uri", error.Code);
    }

    [Theory]
    [InlineData("read write")]
    [InlineData("")]
    [InlineData("say\"hi\"")]
    [InlineData("back\\slash")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\there")]
    public void Scopes_are_rfc_6749_scope_tokens(string scope)
    {
        var error = Rejected(Service with { AllowedScopes = ["billing:read", scope] });

        Assert.Equal("invalid_scopes", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.AllowedScopes), error.Field);
    }

    [Fact]
    public void A_scope_is_at_most_100_characters_and_a_client_has_at_most_50()
    {
        Assert.Equal("invalid_scopes", Rejected(Service with { AllowedScopes = [new string('s', 101)] }).Code);
        Assert.Equal("invalid_scopes", Rejected(Service with { AllowedScopes = [.. Enumerable.Range(1, 51).Select(i => $"s{i}")] }).Code);

        var client = Confidential(Service with { AllowedScopes = [new string('s', 100), .. Enumerable.Range(1, 49).Select(i => $"s{i}")] });
        Assert.Equal(50, client.AllowedScopes.Count);
    }

    [Theory]
    [InlineData(59, 3600, nameof(OAuthClientSettings.AccessTokenLifetime))]
    [InlineData(86401, 3600, nameof(OAuthClientSettings.AccessTokenLifetime))]
    [InlineData(3600, 59, nameof(OAuthClientSettings.RefreshTokenLifetime))]
    [InlineData(3600, 365 * 24 * 3600 + 1, nameof(OAuthClientSettings.RefreshTokenLifetime))]
    public void Lifetimes_are_bounded(int accessTokenLifetime, int refreshTokenLifetime, string field)
    {
        var error = Rejected(App with { AccessTokenLifetime = accessTokenLifetime, RefreshTokenLifetime = refreshTokenLifetime });

        Assert.Equal("invalid_lifetime", error.Code);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(60, 60)]
    [InlineData(86400, 365 * 24 * 3600)]
    public void Lifetime_bounds_are_inclusive(int accessTokenLifetime, int refreshTokenLifetime)
    {
        var client = Confidential(App with { AccessTokenLifetime = accessTokenLifetime, RefreshTokenLifetime = refreshTokenLifetime });

        Assert.Equal(accessTokenLifetime, client.AccessTokenLifetime);
        Assert.Equal(refreshTokenLifetime, client.RefreshTokenLifetime);
    }

    [Theory]
    [InlineData("billing-api")]
    [InlineData("https://billing.example/api#v1")]
    public void The_default_audience_is_an_absolute_uri_without_a_fragment(string audience)
    {
        var error = Rejected(Service with { DefaultAudience = audience });

        Assert.Equal("invalid_audience", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.DefaultAudience), error.Field);
    }

    [Fact]
    public void Updating_applies_new_settings_without_an_event_so_it_is_audited_as_updated()
    {
        var client = Confidential(App);

        client.Change(OAuthClientChanges.All(Service with { Name = "Now a service", AccessTokenLifetime = 120 }));

        Assert.Equal("Now a service", client.Name);
        Assert.Equal([GrantTypes.ClientCredentials], client.GrantTypes);
        Assert.Empty(client.RedirectUris);
        Assert.Equal(120, client.AccessTokenLifetime);
        Assert.Equal("hash-1", client.SecretHash);
        Assert.Empty(client.DomainEvents);
    }

    [Fact]
    public void An_invalid_update_leaves_the_client_unchanged()
    {
        var client = Public(App);

        var error = Assert.Throws<DomainException>(() => client.Change(OAuthClientChanges.All(App with { Name = "Sneaky", GrantTypes = [GrantTypes.ClientCredentials] })));

        Assert.Equal("invalid_grant_types", error.Code);
        Assert.Equal("Web app", client.Name);
        Assert.Equal([GrantTypes.AuthorizationCode, GrantTypes.RefreshToken], client.GrantTypes);
    }

    [Fact]
    public void Rotating_a_secret_replaces_the_hash_and_raises_secret_rotated()
    {
        var client = Confidential(Service);

        client.RotateSecret("hash-2");

        Assert.Equal("hash-2", client.SecretHash);
        Assert.Equal(["oauth_client.secret_rotated"], client.DomainEvents.Select(e => e.Action));
    }

    [Fact]
    public void A_public_client_has_no_secret_to_rotate()
    {
        var client = Public(App);

        var error = Assert.Throws<DomainException>(() => client.RotateSecret("hash-2"));

        Assert.Equal("public_client", error.Code);
        Assert.Null(client.SecretHash);
        Assert.Empty(client.DomainEvents);
    }

    [Theory]
    [InlineData("orders-api")]
    [InlineData("/orders")]
    [InlineData("https://api.example/orders#v1")]
    public void Allowed_resources_are_absolute_uris_without_a_fragment(string resource)
    {
        var error = Rejected(Service with { AllowedResources = ["https://api.example/billing", resource] });

        Assert.Equal("invalid_resources", error.Code);
        Assert.Equal(nameof(OAuthClientSettings.AllowedResources), error.Field);
    }

    [Fact]
    public void Allowed_resources_are_bounded_in_number_and_length()
    {
        var tooMany = Rejected(Service with { AllowedResources = [.. Enumerable.Range(0, OAuthClient.MaxUris + 1).Select(i => $"https://api.example/{i}")] });
        var tooLong = Rejected(Service with { AllowedResources = ["https://api.example/" + new string('a', RedirectUri.MaxLength)] });

        Assert.Equal("invalid_resources", tooMany.Code);
        Assert.Equal("invalid_resources", tooLong.Code);
    }

    [Fact]
    public void Allowed_resources_are_kept_once_each_and_a_change_that_leaves_them_out_keeps_them()
    {
        var client = Confidential(Service with { AllowedResources = ["https://api.example/a", "https://api.example/b", "https://api.example/a"] });

        client.Change(new OAuthClientChanges { Name = "Renamed" });
        Assert.Equal(["https://api.example/a", "https://api.example/b"], client.AllowedResources);
        Assert.Empty(Confidential(Service).AllowedResources);

        client.Change(new OAuthClientChanges { AllowedResources = [] });
        Assert.Empty(client.AllowedResources);
    }

    [Fact]
    public void A_partial_change_keeps_every_setting_it_leaves_out_and_can_clear_the_audience()
    {
        var client = OAuthClient.Create(Guid.NewGuid(), "svc", ClientType.Confidential, Service with { DefaultAudience = "https://api.example" }, "hash", DateTime.UtcNow);
        var before = client.Settings;

        client.Change(new OAuthClientChanges { Name = "Renamed" });

        Assert.Equal("Renamed", client.Name);
        Assert.Equal(before.GrantTypes, client.GrantTypes);
        Assert.Equal(before.AllowedScopes, client.AllowedScopes);
        Assert.Equal(before.AccessTokenLifetime, client.AccessTokenLifetime);
        Assert.Equal(before.TokenFormat, client.TokenFormat);
        Assert.Equal("https://api.example", client.DefaultAudience);

        client.Change(new OAuthClientChanges { DefaultAudience = null });
        Assert.Null(client.DefaultAudience);
        Assert.Equal("Renamed", client.Name);
    }

    [Fact]
    public void A_clients_type_cannot_change_but_may_be_restated()
    {
        var client = OAuthClient.Create(Guid.NewGuid(), "svc", ClientType.Confidential, Service, "hash", DateTime.UtcNow);

        client.Change(new OAuthClientChanges { ClientType = ClientType.Confidential, Name = "Same type" });
        var error = Assert.Throws<DomainException>(() => client.Change(new OAuthClientChanges { ClientType = ClientType.Public }));

        Assert.Equal("client_type_immutable", error.Code);
        Assert.Equal(nameof(OAuthClient.ClientType), error.Field);
        Assert.Equal(ClientType.Confidential, client.ClientType);
    }

    [Theory]
    [InlineData(ClientType.Confidential, GrantTypes.ClientCredentials)]
    [InlineData(ClientType.Public, GrantTypes.AuthorizationCode)]
    public void A_new_client_of_each_type_starts_with_one_grant_on_every_surface(ClientType type, string grant) =>
        Assert.Equal([grant], OAuthClientSettings.Defaults(type).GrantTypes);
}
