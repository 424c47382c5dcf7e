using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// An application that gets tokens from an environment. Confidential clients authenticate with a
/// secret (stored as a SHA-256 hash: it is high-entropy, so a slow hash would only cap the token
/// endpoint); public clients have none and always use PKCE.
/// </summary>
[Audited("oauth_client")]
public sealed class OAuthClient : AggregateRoot, IEnvironmentScoped
{
    public const int MaxNameLength = 100;
    public const int MaxUris = 20;
    public const int MaxScopes = 50;
    public const int MaxLifetimeSeconds = 365 * 24 * 3600;
    public const string ManagementClientId = "paylent-management";

    private OAuthClient(Guid environmentId, string clientId, ClientType clientType, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        ClientId = clientId;
        ClientType = clientType;
        Name = clientId;
        CreatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    public string ClientId { get; private set; }

    public string Name { get; private set; }

    public ClientType ClientType { get; private set; }

    [Secret]
    public string? SecretHash { get; private set; }

    public IReadOnlyList<string> RedirectUris { get; private set; } = [];

    public IReadOnlyList<string> PostLogoutRedirectUris { get; private set; } = [];

    public IReadOnlyList<string> GrantTypes { get; private set; } = [];

    public IReadOnlyList<string> AllowedScopes { get; private set; } = [];

    public TokenFormat TokenFormat { get; private set; }

    public int AccessTokenLifetime { get; private set; }

    public int RefreshTokenLifetime { get; private set; }

    /// <summary>Always true for public clients (OAuth 2.1; RFC 9700 §2.1.1).</summary>
    public bool RequirePkce { get; private set; }

    /// <summary><c>aud</c> of tokens issued without an RFC 8707 <c>resource</c>; the issuer when null.</summary>
    public string? DefaultAudience { get; private set; }

    /// <summary>The RFC 8707 resources the client may name in a token request; any other is <c>invalid_target</c>.</summary>
    public IReadOnlyList<string> AllowedResources { get; private set; } = [];

    /// <summary>An application of the environment's own: its users are not asked for consent.</summary>
    public bool FirstParty { get; private set; }

    /// <summary>
    /// The JWS <c>alg</c> of its ID tokens (OIDC Dynamic Client Registration §2) and of its JWT access
    /// tokens: each is signed by the environment's primary key of that algorithm.
    /// </summary>
    public string IdTokenSignedResponseAlg { get; private set; } = SigningAlgorithms.Rs256;

    /// <summary>Whether its access tokens carry the subject's <c>roles</c>; off for clients whose tokens must stay small.</summary>
    public bool IncludeRolesInTokens { get; private set; } = true;

    /// <summary>Whether its access tokens carry the subject's effective <c>permissions</c>.</summary>
    public bool IncludePermissionsInTokens { get; private set; } = true;

    /// <summary>
    /// Its users always act in one organization: a request naming none gets the organization picker after
    /// sign-in (docs/organizations.md), and no code is issued without an organization.
    /// </summary>
    public bool OrganizationRequired { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public bool IsConfidential => ClientType == ClientType.Confidential;

    public static OAuthClient Create(Guid environmentId, string clientId, ClientType clientType, OAuthClientSettings settings, string? secretHash, DateTime now)
    {
        if (clientType == ClientType.Confidential == (secretHash is null))
        {
            throw new InvalidOperationException("Confidential clients have a secret; public clients have none.");
        }

        var client = new OAuthClient(environmentId, clientId, clientType, now) { SecretHash = secretHash };
        client.Apply(settings);
        return client;
    }

    /// <summary>Its settings as they are, the base a partial change is merged onto.</summary>
    public OAuthClientSettings Settings => new(
        Name, RedirectUris, PostLogoutRedirectUris, GrantTypes, AllowedScopes, TokenFormat, AccessTokenLifetime, RefreshTokenLifetime,
        RequirePkce, DefaultAudience, FirstParty, AllowedResources, IdTokenSignedResponseAlg, IncludeRolesInTokens, IncludePermissionsInTokens,
        OrganizationRequired);

    /// <summary>Merges the changes onto the current settings and checks the result as a whole.</summary>
    public void Change(OAuthClientChanges changes)
    {
        if (changes.ClientType is { } type && type != ClientType)
        {
            // Its secret (or the lack of one) and every token rule hang on the type: a new client is the honest change.
            throw new DomainException("client_type_immutable", "A client's type cannot change; create a new client instead.", nameof(ClientType));
        }

        Apply(changes.ApplyTo(Settings));
    }

    public void RotateSecret(string secretHash)
    {
        if (!IsConfidential)
        {
            throw new DomainException("public_client", "A public client has no secret to rotate.");
        }

        SecretHash = secretHash;
        Raise(new OAuthClientSecretRotated());
    }

    public bool Allows(string grantType) => GrantTypes.Contains(grantType, StringComparer.Ordinal);

    private void Apply(OAuthClientSettings settings)
    {
        settings.Validate(ClientType);
        Name = settings.Name.Trim();
        RedirectUris = [.. settings.RedirectUris];
        PostLogoutRedirectUris = [.. settings.PostLogoutRedirectUris];
        GrantTypes = [.. settings.GrantTypes.Distinct(StringComparer.Ordinal)];
        AllowedScopes = [.. settings.AllowedScopes.Distinct(StringComparer.Ordinal)];
        TokenFormat = settings.TokenFormat;
        AccessTokenLifetime = settings.AccessTokenLifetime;
        RefreshTokenLifetime = settings.RefreshTokenLifetime;
        RequirePkce = ClientType == ClientType.Public || settings.RequirePkce;
        DefaultAudience = string.IsNullOrWhiteSpace(settings.DefaultAudience) ? null : settings.DefaultAudience;
        FirstParty = settings.FirstParty;
        AllowedResources = [.. settings.AllowedResources.Distinct(StringComparer.Ordinal)];
        IdTokenSignedResponseAlg = settings.IdTokenSignedResponseAlg;
        IncludeRolesInTokens = settings.IncludeRolesInTokens;
        IncludePermissionsInTokens = settings.IncludePermissionsInTokens;
        OrganizationRequired = settings.OrganizationRequired;
    }
}

public sealed record OAuthClientSecretRotated : IDomainEvent
{
    public string Action => "oauth_client.secret_rotated";
}
