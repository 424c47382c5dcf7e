using Paylent.Application.Common.Security;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>How the client presented itself at a token, introspection or revocation endpoint.</summary>
public enum ClientAuthMethod
{
    /// <summary>A public client: <c>client_id</c> only.</summary>
    None,

    /// <summary><c>client_secret_basic</c>: HTTP Basic (RFC 6749 §2.3.1).</summary>
    Basic,

    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    Post,
}

public sealed record ClientCredentials(string? ClientId, string? ClientSecret, ClientAuthMethod Method);

/// <summary>
/// RFC 6749 §2.3: confidential clients prove their secret (compared in constant time against its
/// SHA-256); public clients present only their id and may not send a secret. Clients are read from
/// <see cref="IOAuthCache"/>: no database round trip on the hot path.
/// </summary>
internal sealed class ClientAuthenticator(IOAuthCache cache)
{
    public async Task<ClientRegistration> AuthenticateAsync(ClientCredentials credentials, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(credentials.ClientId))
        {
            throw Rejected("Client authentication is required.");
        }

        var client = await cache.FindClientAsync(credentials.ClientId, cancellationToken);
        if (client is not null && !Authenticates(client, credentials))
        {
            // The cached copy may predate a secret rotated on another instance: check the stored one.
            client = await cache.ReloadClientAsync(credentials.ClientId, cancellationToken);
        }

        return client is not null && Authenticates(client, credentials)
            ? client
            : throw Rejected("The client is unknown or its credentials are wrong.");
    }

    /// <summary>Confidential clients only: introspection reveals token contents (RFC 7662 §2.1).</summary>
    public async Task<ClientRegistration> AuthenticateConfidentialAsync(ClientCredentials credentials, CancellationToken cancellationToken)
    {
        var client = await AuthenticateAsync(credentials, cancellationToken);
        return client.IsConfidential ? client : throw Rejected("Only confidential clients may use this endpoint.");
    }

    private static bool Authenticates(ClientRegistration client, ClientCredentials credentials) => client.IsConfidential
        ? credentials.Method != ClientAuthMethod.None && Secrets.Matches(client.SecretHash, credentials.ClientSecret)
        : credentials.Method == ClientAuthMethod.None;

    private static OAuthException Rejected(string description) =>
        new(OAuthErrors.InvalidClient, description, status: 401);
}
