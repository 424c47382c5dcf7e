using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains.Tls;

/// <summary>Certificate storage and the in-memory SNI map of one instance (docs/domains.md, "Serving custom domains").</summary>
public sealed class TlsCertificateStoreTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stored_certificate_is_served_for_its_name_at_once_with_its_key_sealed_and_a_replacement_swaps_it(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        using var ca = new TestCa();
        var store = app.Services.GetRequiredService<ITlsCertificateStore>();
        var map = app.Services.GetRequiredService<TlsCertificates>();
        var first = ca.Issue("login.shop.example");

        var details = await store.StoreAsync("Login.Shop.Example.", null, first.ChainPem, first.Key, CancellationToken.None);

        Assert.Equal(first.Serial, details.Serial);
        Assert.Equal(ca.Certificate.Subject, details.Issuer);
        await UntilAsync(() => map.For("login.shop.example").TargetCertificate.SerialNumber == first.Serial);
        Assert.Equal(first.Serial, map.For("LOGIN.shop.example.").TargetCertificate.SerialNumber);
        Assert.True(map.Has("login.shop.example"));
        var row = await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().TlsCertificates.AsNoTracking().SingleAsync());
        Assert.Equal("login.shop.example", row.Hostname);
        Assert.StartsWith("v1.", row.SealedPrivateKey, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(first.Key)[..40], row.SealedPrivateKey, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", row.ChainPem, StringComparison.Ordinal);

        var second = ca.Issue("login.shop.example");
        await store.StoreAsync("login.shop.example", null, second.ChainPem, second.Key, CancellationToken.None);

        await UntilAsync(() => map.For("login.shop.example").TargetCertificate.SerialNumber == second.Serial);
        Assert.Equal(1, await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().TlsCertificates.CountAsync()));
        Assert.True(await store.RemoveAsync("login.shop.example", CancellationToken.None));
        await UntilAsync(() => !map.Has("login.shop.example"));
        Assert.Same(map.Default, map.For("login.shop.example"));
        Assert.False(await store.RemoveAsync("login.shop.example", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_key_that_is_not_the_leafs_or_a_leaf_for_another_name_is_refused_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        using var ca = new TestCa();
        var store = app.Services.GetRequiredService<ITlsCertificateStore>();
        var certificate = ca.Issue("login.shop.example");
        var other = ca.Issue("login.shop.example");

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.StoreAsync("login.shop.example", null, certificate.ChainPem, other.Key, CancellationToken.None));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.StoreAsync("other.shop.example", null, certificate.ChainPem, certificate.Key, CancellationToken.None));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.StoreAsync("login.shop.example", null, "not a pem", certificate.Key, CancellationToken.None));

        Assert.Equal(0, await app.WithServices(sp => sp.GetRequiredService<PaylentDbContext>().TlsCertificates.CountAsync()));
    }

    [Fact]
    public async Task A_sealed_key_moved_to_another_row_does_not_open_and_that_name_gets_no_certificate()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        using var ca = new TestCa();
        var store = app.Services.GetRequiredService<ITlsCertificateStore>();
        var a = ca.Issue("a.shop.example");
        var b = ca.Issue("b.shop.example");
        await store.StoreAsync("a.shop.example", null, a.ChainPem, a.Key, CancellationToken.None);
        await store.StoreAsync("b.shop.example", null, b.ChainPem, b.Key, CancellationToken.None);

        await app.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<PaylentDbContext>();
            var sealedA = await db.TlsCertificates.Where(c => c.Hostname == "a.shop.example").Select(c => c.SealedPrivateKey).SingleAsync();
            return await db.TlsCertificates.Where(c => c.Hostname == "b.shop.example").ExecuteUpdateAsync(u => u.SetProperty(c => c.SealedPrivateKey, sealedA));
        });
        await using var restarted = PaylentApp.Start(app.Database);

        var map = restarted.Services.GetRequiredService<TlsCertificates>();
        Assert.Equal(a.Serial, map.For("a.shop.example").TargetCertificate.SerialNumber);
        Assert.Same(map.Default, map.For("b.shop.example"));
    }

    [Fact]
    public void Without_a_configured_default_unknown_names_and_no_name_get_a_self_signed_certificate_for_the_base_domain()
    {
        var map = new TlsCertificates(Options.Create(new TlsOptions()), Options.Create(new PaylentOptions { BaseDomain = "paylent.example" }), TimeProvider.System);

        var served = map.For("unknown.example");

        Assert.Same(served, map.For(null));
        Assert.Equal("CN=paylent.example", served.TargetCertificate.Subject);
        Assert.True(served.TargetCertificate.MatchesHostname("acme-test.paylent.example"));
        Assert.True(served.TargetCertificate.HasPrivateKey);
    }

    [Fact]
    public void A_configured_default_pem_pair_is_served_with_its_chain_for_unknown_names()
    {
        using var ca = new TestCa();
        var (chainPem, key, serial) = ca.Issue("fallback.paylent.example");
        var directory = Directory.CreateTempSubdirectory("paylent-tls-");
        try
        {
            var path = Path.Combine(directory.FullName, "default.pem");
            var keyPath = Path.Combine(directory.FullName, "default.key");
            File.WriteAllText(path, chainPem);
            File.WriteAllText(keyPath, PemEncoding.WriteString("PRIVATE KEY", key));
            var options = new TlsOptions { DefaultCertificate = { Path = path, KeyPath = keyPath } };

            var map = new TlsCertificates(Options.Create(options), Options.Create(new PaylentOptions()), TimeProvider.System);

            Assert.Equal(serial, map.For("unknown.example").TargetCertificate.SerialNumber);
            Assert.Equal(ca.Certificate.Thumbprint, Assert.Single(map.For(null).IntermediateCertificates).Thumbprint);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, "the map never changed");
            await Task.Delay(25);
        }
    }
}
