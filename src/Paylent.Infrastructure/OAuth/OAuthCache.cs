using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>The <c>Paylent:OAuthCache</c> section.</summary>
public sealed class OAuthCacheOptions
{
    public const string Section = "Paylent:OAuthCache";
    public const string Invalid = $"{Section}: RefreshSeconds must be at least 1.";

    /// <summary>
    /// How long an instance trusts its cached clients and revocations before reading them again: the
    /// longest another instance may still accept a client's old secret after a rotation, a deleted
    /// client, or a client's old settings, or report a revoked JWT as active, when the change signal's notice
    /// is lost. The per-subject caches (role assignments, memberships) and the session cache trust their
    /// entries as long.
    /// </summary>
    public int RefreshSeconds { get; set; } = 5;

    public bool IsValid => RefreshSeconds >= 1;
}

/// <summary>The process-wide OAuth caches, scoped to the environment the request entered.</summary>
internal sealed class OAuthCache(ClientCache clients, RevocationCache revocations, EnvironmentContext scope) : IOAuthCache
{
    // The client id this request (this scope) found no client for. The cache keeps no absence, so asking
    // again (a browser's token request checks its origin, then authenticates) would cost a second query.
    private (Guid EnvironmentId, string ClientId)? _unknown;

    public async Task<ClientRegistration?> FindClientAsync(string clientId, CancellationToken cancellationToken)
    {
        (Guid EnvironmentId, string ClientId) key = (scope.RequiredEnvironmentId, clientId);
        if (_unknown == key)
        {
            return null;
        }

        var client = await clients.FindAsync(key.EnvironmentId, clientId);
        _unknown = client is null ? key : _unknown;
        return client;
    }

    public Task<ClientRegistration?> ReloadClientAsync(string clientId, CancellationToken cancellationToken) =>
        clients.ReloadAsync(scope.RequiredEnvironmentId, clientId);

    public Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken) =>
        revocations.IsRevokedAsync(scope.RequiredEnvironmentId, jti);
}
