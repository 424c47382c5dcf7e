using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>The <c>Paylent:OAuthCache</c> section.</summary>
public sealed class OAuthCacheOptions
{
    public const string Section = "Paylent:OAuthCache";

    /// <summary>
    /// How long an instance trusts its cached clients and revocations before reading them again: the
    /// longest another instance may still accept a client's old secret after a rotation, a deleted
    /// client, or a client's old settings, or report a revoked JWT as active.
    /// </summary>
    public int RefreshSeconds { get; set; } = 5;
}

/// <summary>The process-wide OAuth caches, scoped to the environment the request entered.</summary>
internal sealed class OAuthCache(ClientCache clients, RevocationCache revocations, EnvironmentContext scope) : IOAuthCache
{
    public Task<ClientRegistration?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        clients.FindAsync(scope.RequiredEnvironmentId, clientId);

    public Task<ClientRegistration?> ReloadClientAsync(string clientId, CancellationToken cancellationToken) =>
        clients.ReloadAsync(scope.RequiredEnvironmentId, clientId);

    public Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken) =>
        revocations.IsRevokedAsync(scope.RequiredEnvironmentId, jti);
}
