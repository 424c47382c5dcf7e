using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// The seed-001 rotation story, end to end, as a resource server and a second instance see it. The
/// management client signs with RS256, so the story is told of the RS256 ring; the ES256 ring rotates apart.
/// </summary>
public sealed class SigningKeyRotationTests
{
    private const string Management = OAuthClient.ManagementClientId;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Old_tokens_verify_while_their_key_is_active_and_fail_after_deactivation_on_every_instance(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = PaylentApp.Start(database);
        await using var second = PaylentApp.Start(database, new Dictionary<string, string?> { ["Paylent:SigningKeys:RefreshSeconds"] = "1" });
        var onFirst = first.Client("demo-test.localhost");
        var onSecond = second.Client("demo-test.localhost");
        var oldToken = await onFirst.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var oldKid = Jose.Decode(oldToken).Header.GetProperty("kid").GetString();
        Assert.Single(await RsaKidsAsync(onSecond));

        // Rotate on the first instance: the second picks it up within its refresh interval.
        var rotated = await first.SendAsync("test", new GenerateSigningKey());
        Assert.Equal(SigningKeyStatus.Primary, rotated.Status);
        await Eventually(async () => (await RsaKidsAsync(onSecond)).Count == 2);
        Assert.Equal([rotated.Kid, oldKid], await RsaKidsAsync(onFirst));

        var newToken = await onSecond.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        Assert.Equal(rotated.Kid, Jose.Decode(newToken).Header.GetProperty("kid").GetString());
        var jwks = await JwksAsync(onSecond);
        Assert.True(Jose.Verify(oldToken, jwks));
        Assert.True(Jose.Verify(newToken, jwks));
        Assert.True((await onSecond.IntrospectAsync(oldToken, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());

        // Deactivate the old key: gone from JWKS, its tokens no longer verify or introspect.
        var oldKey = (await first.SendAsync("test", new ListSigningKeys())).Single(k => k.Kid == oldKid);
        await first.SendAsync("test", new DeactivateSigningKey(oldKey.Id));
        await Eventually(async () => (await RsaKidsAsync(onSecond)).Count == 1);
        Assert.False(Jose.Verify(oldToken, await JwksAsync(onSecond)));
        Assert.False((await onSecond.IntrospectAsync(oldToken, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());
        Assert.True((await onSecond.IntrospectAsync(newToken, Management, PaylentApp.ManagementSecret)).GetProperty("active").GetBoolean());

        // The last active key stays.
        var last = await Assert.ThrowsAsync<DomainException>(() => first.SendAsync("test", new DeactivateSigningKey(rotated.Id)));
        Assert.Equal("last_active_key", last.Code);
    }

    [Fact]
    public async Task Deactivating_the_primary_promotes_the_most_recent_active_key_and_set_primary_switches_signing()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");
        var original = Assert.Single(await RsaKeysAsync(app));
        var second = await app.SendAsync("test", new GenerateSigningKey());
        var third = await app.SendAsync("test", new GenerateSigningKey());

        await app.SendAsync("test", new DeactivateSigningKey(third.Id));
        var keys = await app.SendAsync("test", new ListSigningKeys());
        Assert.Equal(SigningKeyStatus.Primary, keys.Single(k => k.Id == second.Id).Status);
        Assert.Equal(SigningKeyStatus.Active, keys.Single(k => k.Id == original.Id).Status);
        Assert.Equal(second.Kid, Jose.Decode(await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret)).Header.GetProperty("kid").GetString());

        await app.SendAsync("test", new SetPrimarySigningKey(original.Id));
        Assert.Equal(original.Kid, Jose.Decode(await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret)).Header.GetProperty("kid").GetString());
    }

    [Fact]
    public async Task Only_the_primary_keys_private_key_stays_in_memory_after_rotation_and_deactivation()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");
        var cache = app.Services.GetRequiredService<Paylent.Infrastructure.OAuth.SigningKeyCache>();
        var environmentId = await app.InEnvironmentAsync("test", services =>
            Task.FromResult(services.GetRequiredService<Paylent.Application.Common.Persistence.EnvironmentContext>().RequiredEnvironmentId));
        var original = Assert.Single(await RsaKeysAsync(app));
        await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var ec = Assert.Single(await app.SendAsync("test", new ListSigningKeys()), k => k.Algorithm == SigningAlgorithms.Es256);
        Assert.Equal(new[] { original.Kid, ec.Kid }.Order(), cache.PrivateKeysHeld(environmentId).Order());

        var rotated = await app.SendAsync("test", new GenerateSigningKey());
        await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        Assert.Equal(new[] { rotated.Kid, ec.Kid }.Order(), cache.PrivateKeysHeld(environmentId).Order());

        await app.SendAsync("test", new SetPrimarySigningKey(original.Id));
        await app.SendAsync("test", new DeactivateSigningKey(rotated.Id));
        await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        Assert.Equal(new[] { original.Kid, ec.Kid }.Order(), cache.PrivateKeysHeld(environmentId).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rotating_the_es256_key_leaves_the_rs256_primary_signing_and_keeps_the_old_es256_key_published(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var http = app.Client("demo-test.localhost");
        var keys = await app.SendAsync("test", new ListSigningKeys());
        var rsa = Assert.Single(keys, k => k.Algorithm == SigningAlgorithms.Rs256);
        var oldEc = Assert.Single(keys, k => k.Algorithm == SigningAlgorithms.Es256);

        var newEc = await app.SendAsync("test", new GenerateSigningKey(SigningAlgorithms.Es256));

        var after = await app.SendAsync("test", new ListSigningKeys());
        Assert.Equal(SigningKeyStatus.Primary, after.Single(k => k.Id == rsa.Id).Status);
        Assert.Equal(SigningKeyStatus.Active, after.Single(k => k.Id == oldEc.Id).Status);
        Assert.Equal(SigningKeyStatus.Primary, after.Single(k => k.Id == newEc.Id).Status);
        Assert.Equal(rsa.Kid, Jose.Decode(await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret)).Header.GetProperty("kid").GetString());
        Assert.Equal([rsa.Kid, newEc.Kid, oldEc.Kid], await KidsAsync(http));

        // Deactivating the ES256 primary promotes the other ES256 key, never the RSA one.
        await app.SendAsync("test", new DeactivateSigningKey(newEc.Id));
        var promoted = await app.SendAsync("test", new ListSigningKeys());
        Assert.Equal(SigningKeyStatus.Primary, promoted.Single(k => k.Id == oldEc.Id).Status);
        Assert.Equal(SigningKeyStatus.Primary, promoted.Single(k => k.Id == rsa.Id).Status);
        Assert.Equal([rsa.Kid, oldEc.Kid], await KidsAsync(http));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_environment_without_an_es256_key_gets_one_at_the_next_start(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string rsaKid;
        await using (var before = PaylentApp.Start(database))
        {
            rsaKid = Assert.Single(await RsaKeysAsync(before)).Kid;
            await before.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().Database.ExecuteSqlRawAsync("DELETE FROM signing_keys WHERE algorithm = 'ES256'"));
            using var management = before.Management();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await management.GetAsync("/readyz")).StatusCode);
        }

        await using var after = PaylentApp.Start(database);

        var keys = await after.SendAsync("test", new ListSigningKeys());
        Assert.Equal(SigningKeyStatus.Primary, Assert.Single(keys, k => k.Algorithm == SigningAlgorithms.Es256).Status);
        Assert.Equal(rsaKid, Assert.Single(keys, k => k.Algorithm == SigningAlgorithms.Rs256 && k.Status == SigningKeyStatus.Primary).Kid);
        Assert.Equal(2, (await after.SendAsync("production", new ListSigningKeys())).Count);
        using var afterManagement = after.Management();
        Assert.Equal(HttpStatusCode.OK, (await afterManagement.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Private_keys_are_sealed_at_rest_under_a_key_kept_outside_the_database()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:Keys:EncryptionKey"] = null });
        var http = app.Client("demo-test.localhost");
        Assert.NotEmpty(await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret));

        var sealedKeys = await app.InEnvironmentAsync("test", sp =>
            sp.GetRequiredService<PaylentDbContext>().SigningKeys.IgnoreQueryFilters().Select(k => k.EncryptedPrivateKey).ToListAsync());
        Assert.Equal(4, sealedKeys.Count); // two environments, an RS256 and an ES256 key each
        foreach (var sealedKey in sealedKeys)
        {
            Assert.StartsWith("v1.", sealedKey, StringComparison.Ordinal);
            var payload = System.Buffers.Text.Base64Url.DecodeFromChars(sealedKey.Split('.')[2]);
            using var rsa = RSA.Create();
            Assert.ThrowsAny<CryptographicException>(() => rsa.ImportPkcs8PrivateKey(payload, out _));
            using var ec = ECDsa.Create();
            Assert.ThrowsAny<CryptographicException>(() => ec.ImportPkcs8PrivateKey(payload, out _));
        }

        var kekFile = Directory.GetFiles(app.DataDirectory, "key-encryption-key").Single();
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kekFile));
        }
    }

    /// <summary>
    /// The JWT library caches a signature provider per key, and the signing one holds the private key:
    /// a key that stops being primary must leave that cache as it leaves Paylent's own.
    /// </summary>
    [Fact]
    public async Task A_private_key_that_stops_being_primary_leaves_the_jwt_librarys_provider_cache_too()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var http = app.Client("demo-test.localhost");
        var original = Assert.Single(await RsaKeysAsync(app));
        await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);
        var jwk = (await JwksAsync(http)).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == original.Kid);
        // The cache finds a provider by the key's type and thumbprint, so the public half names the private key's entry.
        var key = new RsaSecurityKey(new RSAParameters { Modulus = Jose.Bytes(jwk, "n"), Exponent = Jose.Bytes(jwk, "e") });
        Assert.True(HoldsSigningProvider(key));

        await app.SendAsync("test", new GenerateSigningKey());
        await http.AccessTokenAsync(Management, PaylentApp.ManagementSecret);

        Assert.False(HoldsSigningProvider(key));
    }

    private static bool HoldsSigningProvider(SecurityKey key) =>
        CryptoProviderFactory.Default.CryptoProviderCache.TryGetSignatureProvider(
            key, SecurityAlgorithms.RsaSha256, typeof(AsymmetricSignatureProvider).ToString(), willCreateSignatures: true, out _);

    private static async Task<List<SigningKeyDto>> RsaKeysAsync(PaylentApp app) =>
        [.. (await app.SendAsync("test", new ListSigningKeys())).Where(k => k.Algorithm == SigningAlgorithms.Rs256)];

    private static async Task<JsonElement> JwksAsync(HttpClient http) => await (await http.GetAsync("/.well-known/jwks.json")).JsonAsync();

    private static async Task<List<string?>> KidsAsync(HttpClient http) =>
        (await JwksAsync(http)).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();

    private static async Task<List<string?>> RsaKidsAsync(HttpClient http) =>
        (await JwksAsync(http)).GetProperty("keys").EnumerateArray().Where(k => k.GetProperty("kty").GetString() == "RSA").Select(k => k.GetProperty("kid").GetString()).ToList();

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 15 seconds.");
            await Task.Delay(100);
        }
    }
}
