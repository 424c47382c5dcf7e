using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Every environment's keys, ready to use: the primary as signing credentials (decrypted and imported
/// once per process), the published keys for verification, and the JWKS document with its ETag.
/// An entry is trusted for <see cref="SigningKeyOptions.RefreshSeconds"/>; then one request checks the
/// key ring's fingerprint (ids, statuses, versions) and reloads only what changed, so every instance
/// sees a rotation within seconds while no request decrypts a key. Saves in this process invalidate at once.
/// </summary>
public sealed class SigningKeyCache(
    IServiceScopeFactory scopes, KeyEncryption encryption, IOptions<SigningKeyOptions> options, PaylentMetrics metrics, TimeProvider clock)
{
    private readonly RefreshingCache<Guid, KeySet> _sets = new(
        clock, () => TimeSpan.FromSeconds(options.Value.RefreshSeconds), hit => metrics.CacheLookup("signing_keys", hit));
    private readonly ConcurrentDictionary<string, RSA> _privateKeys = new(StringComparer.Ordinal);

    public async Task<KeySet> GetAsync(Guid environmentId) => (await _sets.GetAsync(environmentId, LoadAsync))!;

    /// <summary>Called after a save that changed an environment's keys.</summary>
    public void Invalidate(Guid environmentId) => _sets.Invalidate(environmentId);

    private async Task<KeySet?> LoadAsync(Guid environmentId, KeySet? previous)
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
            return previous;
        }

        var published = keys.ToDictionary(k => k.Kid, PublicKey, StringComparer.Ordinal);
        var primary = keys.FirstOrDefault(k => k.Status == SigningKeyStatus.Primary);
        var signer = primary is null ? null : new KeySigner(primary.Kid, PrivateKey(primary));
        ForgetPrivateKeysExcept(environmentId, primary);
        var jwks = Jwks(keys.Select(k => (k.Kid, published[k.Kid])));
        return new KeySet(signer, published, jwks, ETag(jwks), fingerprint);
    }

    private RSA PrivateKey(SigningKey key) => _privateKeys.GetOrAdd(CacheKey(key), _ =>
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

    /// <summary>
    /// Only the primary signs: a private key that stopped being primary (rotated, retired, deactivated)
    /// leaves memory with the key set that held it. Not disposed here, since a request may be signing
    /// with the previous set this very moment; once unreachable, the finalizer frees it and OpenSSL
    /// clears its private numbers.
    /// </summary>
    private void ForgetPrivateKeysExcept(Guid environmentId, SigningKey? primary)
    {
        var prefix = $"{environmentId:N}:";
        var keep = primary is null ? null : CacheKey(primary);
        foreach (var cached in _privateKeys.Keys)
        {
            if (cached.StartsWith(prefix, StringComparison.Ordinal) && cached != keep)
            {
                _privateKeys.TryRemove(cached, out _);
            }
        }
    }

    /// <summary>The kids of the private keys held in memory for an environment.</summary>
    internal IReadOnlyList<string> PrivateKeysHeld(Guid environmentId) =>
        [.. _privateKeys.Keys.Where(k => k.StartsWith($"{environmentId:N}:", StringComparison.Ordinal)).Select(k => k[33..])];

    // A kid names a key only within its environment.
    private static string CacheKey(SigningKey key) => $"{key.EnvironmentId:N}:{key.Kid}";

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
    string Fingerprint);

/// <summary>The primary key, imported and ready to sign.</summary>
public sealed record KeySigner(string Kid, RSA Key);
