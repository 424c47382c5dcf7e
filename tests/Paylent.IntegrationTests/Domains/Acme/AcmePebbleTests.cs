using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paylent.Infrastructure.Domains.Acme;

namespace Paylent.IntegrationTests.Domains.Acme;

/// <summary>The ACME client against a real CA: Pebble, validating HTTP-01 over its test DNS (docs/domains.md, "ACME client").</summary>
[Collection(PebbleCollection.Name)]
public sealed class AcmePebbleTests(Pebble pebble)
{
    [Fact]
    public async Task Pebble_issues_a_certificate_through_http_01_whose_leaf_names_the_host_chains_to_pebbles_root_and_holds_the_returned_key()
    {
        var client = AcmeClients.For(pebble, email: "ops@example.test");
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var account = await client.RegisterAccountAsync(accountKey, CancellationToken.None);
        var hostname = await pebble.NewHostnameAsync();

        var order = await client.NewOrderAsync(account, hostname, CancellationToken.None);
        var challenge = Assert.Single(order.Challenges);
        Assert.Equal($"/.well-known/acme-challenge/{challenge.Token}", challenge.Path);
        pebble.Answer(challenge.Token, challenge.KeyAuthorization);
        var issued = await client.CompleteOrderAsync(account, order, CancellationToken.None);

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(issued.ChainPem);
        Assert.True(chain.Count >= 2, "leaf and intermediate");
        var leaf = chain[0];
        Assert.True(leaf.MatchesHostname(hostname, allowWildcards: false));
        Assert.Contains(hostname, leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());

        using var root = await pebble.IssuingRootAsync();
        using var verification = new X509Chain();
        verification.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verification.ChainPolicy.CustomTrustStore.Add(root);
        verification.ChainPolicy.ExtraStore.AddRange(chain);
        verification.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(verification.Build(leaf), string.Join("; ", verification.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(root.Thumbprint, verification.ChainElements[^1].Certificate.Thumbprint);

        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(issued.PrivateKeyPkcs8, out _);
        using var withKey = leaf.CopyWithPrivateKey(key); // throws when the key is not the leaf's
        var data = "proof of possession"u8.ToArray();
        Assert.True(leaf.GetECDsaPublicKey()!.VerifyData(data, withKey.GetECDsaPrivateKey()!.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
        Assert.NotEqual(accountKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task A_wrong_http_01_answer_fails_with_the_cas_unauthorized_problem()
    {
        var client = AcmeClients.For(pebble);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var account = await client.RegisterAccountAsync(accountKey, CancellationToken.None);
        var order = await client.NewOrderAsync(account, await pebble.NewHostnameAsync(), CancellationToken.None);
        var challenge = Assert.Single(order.Challenges);
        pebble.Answer(challenge.Token, $"{challenge.Token}.not-the-thumbprint");

        var failure = await Assert.ThrowsAsync<AcmeProblemException>(() => client.CompleteOrderAsync(account, order, CancellationToken.None));

        Assert.Equal("urn:ietf:params:acme:error:unauthorized", failure.Problem.Type);
        Assert.False(string.IsNullOrEmpty(failure.Problem.Detail));
        Assert.Contains(failure.Problem.Type, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_is_found_by_its_key_registering_again_returns_it_and_an_unknown_key_has_none()
    {
        var client = AcmeClients.For(pebble);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Null(await client.FindAccountAsync(accountKey, CancellationToken.None));
        var registered = await client.RegisterAccountAsync(accountKey, CancellationToken.None);

        Assert.Equal(registered.Url, (await client.FindAccountAsync(accountKey, CancellationToken.None))!.Url);
        Assert.Equal(registered.Url, (await client.RegisterAccountAsync(accountKey, CancellationToken.None)).Url);
        Assert.Null(await client.FindAccountAsync(otherKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_ca_whose_https_certificate_is_not_trusted_is_unavailable_not_trusted_blindly()
    {
        var client = AcmeClients.Create(new Dictionary<string, string?> { ["DirectoryUrl"] = pebble.Directory.AbsoluteUri });
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var failure = await Assert.ThrowsAsync<AcmeUnavailableException>(() => client.RegisterAccountAsync(accountKey, CancellationToken.None));

        Assert.Contains("not trusted", failure.Message, StringComparison.Ordinal);
    }
}
