using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Every environment's keys, ready to use: the primary of each algorithm as signing credentials
/// (decrypted and imported once per process, one <see cref="SigningCredentials"/> per key), the
/// validation parameters of the published keys (built once per key set), and the JWKS document with its ETag.
/// An entry is trusted for <see cref="SigningKeyOptions.RefreshSeconds"/>; then one request checks the
/// key ring's fingerprint (ids, statuses, versions) and reloads only what changed, so every instance
/// sees a rotation within seconds while no request decrypts a key. A save that changes keys reloads them at once here and,
/// through the change signal, on every other instance.
/// </summary>
public sealed class SigningKeyCache(
    IServiceScopeFactory scopes, KeyEncryption encryption, IOptions<SigningKeyOptions> options, PaylentMetrics metrics, ChangeSignal signal, TimeProvider clock)
{
    public const string Channel = "signing-keys";

    private readonly RefreshingCache<Guid, KeySet> _sets = new(
        clock, () => TimeSpan.FromSeconds(options.Value.RefreshSeconds), hit => metrics.CacheLookup("signing_keys", hit), CacheChanges.ByEnvironment(signal, Channel));
    private readonly ConcurrentDictionary<string, SigningCredentials> _privateKeys = new(StringComparer.Ordinal);

    public async Task<KeySet> GetAsync(Guid environmentId) => (await _sets.GetAsync(environmentId, LoadAsync))!;

    /// <summary>Called after a save that changed an environment's keys: every instance reloads them.</summary>
    public void Changed(Guid environmentId) => _sets.Changed(environmentId);

    private async Task<KeySet?> LoadAsync(Guid environmentId, KeySet? previous)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        var keys = await db.SigningKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.EnvironmentId == environmentId && k.Status != SigningKeyStatus.Deactivated)
            .ToListAsync();
        // RS256 first (the default, so a JWKS reader that takes the first key takes the RSA primary), then by status and age.
        keys = [.. keys.OrderBy(k => AlgorithmOrder(k.Algorithm)).ThenBy(k => k.Status).ThenByDescending(k => k.CreatedAt).ThenBy(k => k.Kid, StringComparer.Ordinal)];
        var fingerprint = string.Join('|', keys.Select(k => $"{k.Id}:{k.Status}:{k.Version}"));
        if (previous?.Fingerprint == fingerprint)
        {
            return previous;
        }

        var published = keys.ToDictionary(k => k.Kid, k => new PublishedKey(k.Algorithm, PublicKey(k)), StringComparer.Ordinal);
        var primaries = keys.Where(k => k.Status == SigningKeyStatus.Primary).GroupBy(k => k.Algorithm, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var signers = primaries.ToDictionary(k => k.Algorithm, k => new KeySigner(k.Kid, k.Algorithm, PrivateKey(k)), StringComparer.Ordinal);
        ForgetPrivateKeysExcept(environmentId, primaries);
        var jwks = Jwks(keys.Select(k => (k.Kid, published[k.Kid])));
        return new KeySet(
            signers,
            Jws.Validation(published, TokenSigner.AcceptedTypes, clock),
            Jws.Validation(published, [TokenSigner.IdTokenType], clock: null),
            jwks,
            ETag(jwks),
            fingerprint);
    }

    private static int AlgorithmOrder(string algorithm)
    {
        var index = SigningAlgorithms.All.ToList().IndexOf(algorithm);
        return index < 0 ? int.MaxValue : index;
    }

    private SigningCredentials PrivateKey(SigningKey key) => _privateKeys.GetOrAdd(CacheKey(key), _ =>
    {
        var pkcs8 = encryption.Open(key.EncryptedPrivateKey, SigningKeyGenerator.AssociatedData(key.EnvironmentId, key.Kid));
        try
        {
            AsymmetricAlgorithm imported = key.Algorithm == SigningAlgorithms.Es256 ? ECDsa.Create() : RSA.Create();
            imported.ImportPkcs8PrivateKey(pkcs8, out var _);
            return Jws.Credentials(key.Kid, key.Algorithm, imported);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    });

    /// <summary>
    /// Only the primaries sign: a private key that stopped being primary (rotated, retired, deactivated)
    /// leaves memory with the key set that held it, and with the library's cached signature provider,
    /// which holds it too. Not disposed here, since a request may be signing with the previous set this
    /// very moment (the library releases a provider taken out of its cache when its last user is done);
    /// once unreachable, the finalizer frees it and OpenSSL clears its private numbers.
    /// </summary>
    private void ForgetPrivateKeysExcept(Guid environmentId, IReadOnlyList<SigningKey> primaries)
    {
        var prefix = $"{environmentId:N}:";
        var keep = primaries.Select(CacheKey).ToHashSet(StringComparer.Ordinal);
        foreach (var cached in _privateKeys.Keys)
        {
            if (cached.StartsWith(prefix, StringComparison.Ordinal) && !keep.Contains(cached) && _privateKeys.TryRemove(cached, out var credentials))
            {
                // The factory the library signs with: the credentials' own if set, else the key's (the shared default).
                var providers = (credentials.CryptoProviderFactory ?? credentials.Key.CryptoProviderFactory).CryptoProviderCache;
                if (providers.TryGetSignatureProvider(credentials.Key, credentials.Algorithm, typeof(AsymmetricSignatureProvider).ToString(), willCreateSignatures: true, out var provider))
                {
                    providers.TryRemove(provider);
                }
            }
        }
    }

    /// <summary>The kids of the private keys held in memory for an environment.</summary>
    internal IReadOnlyList<string> PrivateKeysHeld(Guid environmentId) =>
        [.. _privateKeys.Keys.Where(k => k.StartsWith($"{environmentId:N}:", StringComparison.Ordinal)).Select(k => k[33..])];

    // A kid names a key only within its environment.
    private static string CacheKey(SigningKey key) => $"{key.EnvironmentId:N}:{key.Kid}";

    private static AsymmetricAlgorithm PublicKey(SigningKey key)
    {
        AsymmetricAlgorithm imported = key.Algorithm == SigningAlgorithms.Es256 ? ECDsa.Create() : RSA.Create();
        imported.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key.PublicKey), out _);
        return imported;
    }

    private static string Jwks(IEnumerable<(string Kid, PublishedKey Key)> keys)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var (kid, key) in keys)
            {
                Jwk.Write(writer, kid, key.Algorithm, key.Key);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ETag(string json) => $"\"{Secrets.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 16))}\"";
}

/// <summary>An environment's keys at one moment.</summary>
/// <param name="Signers">The primary key of each algorithm, by algorithm.</param>
/// <param name="AccessTokens">Validates RFC 9068 access tokens signed by any key in JWKS: <c>typ</c> per RFC 9068 §4, unexpired.</param>
/// <param name="IdTokens">Validates ID tokens signed by any key in JWKS, expired or not (an <c>id_token_hint</c> may be).</param>
public sealed record KeySet(
    IReadOnlyDictionary<string, KeySigner> Signers,
    TokenValidationParameters AccessTokens,
    TokenValidationParameters IdTokens,
    string Jwks,
    string JwksETag,
    string Fingerprint)
{
    /// <summary>The access tokens these keys verified, remembered only as long as the keys are these.</summary>
    public VerifiedAccessTokens VerifiedAccessTokens { get; } = new();
}

/// <summary>A primary key, imported and ready to sign with its algorithm.</summary>
public sealed record KeySigner(string Kid, string Algorithm, SigningCredentials Credentials);

/// <summary>A published key: what verifies tokens it signed, and the one algorithm it verifies them with.</summary>
public sealed record PublishedKey(string Algorithm, AsymmetricAlgorithm Key);
