using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Every environment's keys, ready to use: the primary as signing credentials (decrypted and imported
/// once per process), the published keys for verification, and the JWKS document with its ETag.
/// An entry is trusted for <see cref="SigningKeyOptions.RefreshSeconds"/>; then one request checks the
/// key ring's fingerprint (ids, statuses, versions) and reloads only what changed, so every instance
/// sees a rotation within seconds while no request decrypts a key. Saves in this process invalidate at once.
/// </summary>
public sealed class SigningKeyCache(IServiceScopeFactory scopes, KeyEncryption encryption, IOptions<SigningKeyOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<KeySet>>> _sets = new();
    private readonly ConcurrentDictionary<string, RSA> _privateKeys = new(StringComparer.Ordinal);

    public async Task<KeySet> GetAsync(Guid environmentId)
    {
        var current = _sets.GetOrAdd(environmentId, id => Load(id, previous: null));
        var set = await Settle(environmentId, current);
        if (clock.GetUtcNow() - set.LoadedAt < TimeSpan.FromSeconds(options.Value.RefreshSeconds))
        {
            return set;
        }

        // Stale: the first request to notice reloads (cheaply, if nothing changed); the others share it.
        var refresh = Load(environmentId, set);
        return await Settle(environmentId, _sets.TryUpdate(environmentId, refresh, current) ? refresh : _sets.GetOrAdd(environmentId, refresh));
    }

    /// <summary>Called after a save that changed an environment's keys.</summary>
    public void Invalidate(Guid environmentId) => _sets.TryRemove(environmentId, out _);

    /// <summary>Awaits a load; a failed one is forgotten so the next request tries again.</summary>
    private async Task<KeySet> Settle(Guid environmentId, Lazy<Task<KeySet>> load)
    {
        try
        {
            return await load.Value;
        }
        catch
        {
            _sets.TryRemove(KeyValuePair.Create(environmentId, load));
            throw;
        }
    }

    private Lazy<Task<KeySet>> Load(Guid environmentId, KeySet? previous) =>
        new(() => LoadAsync(environmentId, previous), LazyThreadSafetyMode.ExecutionAndPublication);

    private async Task<KeySet> LoadAsync(Guid environmentId, KeySet? previous)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        var keys = await db.SigningKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.EnvironmentId == environmentId && k.Status != SigningKeyStatus.Deactivated)
            .ToListAsync();
        keys = [.. keys.OrderBy(k => k.Status).ThenByDescending(k => k.CreatedAt).ThenBy(k => k.Kid, StringComparer.Ordinal)];
        var fingerprint = string.Join('|', keys.Select(k => $"{k.Id}:{k.Status}:{k.Version}"));
        if (previous?.Fingerprint == fingerprint)
        {
            return previous with { LoadedAt = clock.GetUtcNow() };
        }

        var published = keys.ToDictionary(k => k.Kid, PublicKey, StringComparer.Ordinal);
        var primary = keys.FirstOrDefault(k => k.Status == SigningKeyStatus.Primary);
        var signer = primary is null ? null : new KeySigner(primary.Kid, PrivateKey(primary));
        var jwks = Jwks(keys.Select(k => (k.Kid, published[k.Kid])));
        return new KeySet(signer, published, jwks, ETag(jwks), fingerprint, clock.GetUtcNow());
    }

    // Keyed by environment and kid: a kid names a key only within its environment.
    private RSA PrivateKey(SigningKey key) => _privateKeys.GetOrAdd($"{key.EnvironmentId:N}:{key.Kid}", _ =>
    {
        var pkcs8 = encryption.Open(key.EncryptedPrivateKey, RsaSigningKeyGenerator.AssociatedData(key.EnvironmentId, key.Kid));
        try
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out var _);
            return rsa;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    });

    private static RSA PublicKey(SigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key.PublicKey), out _);
        return rsa;
    }

    private static string Jwks(IEnumerable<(string Kid, RSA Key)> keys)
    {
        var jwks = keys.Select(k =>
        {
            var parameters = k.Key.ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = SigningKey.Rs256,
                ["kid"] = k.Kid,
                ["n"] = Secrets.Base64Url(parameters.Modulus),
                ["e"] = Secrets.Base64Url(parameters.Exponent),
            };
        });
        return JsonSerializer.Serialize(new { keys = jwks });
    }

    private static string ETag(string json) => $"\"{Secrets.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 16))}\"";
}

/// <summary>An environment's keys at one moment.</summary>
public sealed record KeySet(
    KeySigner? Signer,
    IReadOnlyDictionary<string, RSA> Published,
    string Jwks,
    string JwksETag,
    string Fingerprint,
    DateTimeOffset LoadedAt);

/// <summary>The primary key, imported and ready to sign.</summary>
public sealed record KeySigner(string Kid, RSA Key);
