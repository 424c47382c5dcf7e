namespace Paylent.Infrastructure.Domains.Challenges;

/// <summary>
/// A row of <c>acme_challenges</c>: the key authorization every instance answers for
/// <c>http://{hostname}/.well-known/acme-challenge/{token}</c> until it expires (RFC 8555 §8.3).
/// </summary>
public sealed class PendingChallenge
{
    public const int MaxHostnameLength = 253;

    /// <summary>
    /// RFC 8555 §8.3: a token carries at least 128 bits of entropy, base64url without padding (22+
    /// characters; Let's Encrypt's are 43). Longer than this is no token any CA sends.
    /// </summary>
    public const int MaxTokenLength = 128;

    /// <summary>The token, a dot, and the account key's base64url SHA-256 thumbprint (43 characters).</summary>
    public const int MaxKeyAuthorizationLength = MaxTokenLength + 1 + 64;

    private PendingChallenge(string hostname, string token, string keyAuthorization)
    {
        Hostname = hostname;
        Token = token;
        KeyAuthorization = keyAuthorization;
    }

    public Guid Id { get; private set; }

    public string Hostname { get; private set; }

    public string Token { get; private set; }

    public string KeyAuthorization { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    internal static PendingChallenge Create(string hostname, string token, string keyAuthorization, DateTime expiresAt) =>
        new(hostname, token, keyAuthorization) { Id = Guid.CreateVersion7(), ExpiresAt = expiresAt };

    internal void Renew(string keyAuthorization, DateTime expiresAt)
    {
        KeyAuthorization = keyAuthorization;
        ExpiresAt = expiresAt;
    }
}
