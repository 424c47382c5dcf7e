using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Domain.Tests.OAuth;

/// <summary>The seed's key rules held per algorithm: an environment's RS256 and ES256 keys are two rings that never step on each other.</summary>
public sealed class Es256SigningKeyTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();

    private static SigningKey NewKey(string algorithm, string kid, int minutesAfterNow) =>
        SigningKey.Create(EnvironmentId, algorithm, kid, "public-" + kid, "sealed-" + kid, Now.AddMinutes(minutesAfterNow));

    private static (SigningKeyRing Ring, List<SigningKey> Keys) RingOf(params SigningKey[] keysInOrder)
    {
        var keys = new List<SigningKey>();
        var ring = new SigningKeyRing(keys);
        foreach (var key in keysInOrder)
        {
            ring.Add(key);
            keys.Add(key);
        }

        keys.ForEach(k => k.ClearDomainEvents());
        return (ring, keys);
    }

    [Fact]
    public void An_es256_key_keeps_its_algorithm()
    {
        Assert.Equal("ES256", NewKey(SigningAlgorithms.Es256, "ec", 0).Algorithm);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("es256")]
    [InlineData("PS256")]
    [InlineData("")]
    public void A_key_of_any_other_algorithm_cannot_be_created(string algorithm)
    {
        var error = Assert.Throws<DomainException>(() => NewKey(algorithm, "k", 0));

        Assert.Equal("invalid_algorithm", error.Code);
        Assert.Equal(nameof(SigningKey.Algorithm), error.Field);
    }

    [Fact]
    public void A_ring_has_one_primary_per_algorithm()
    {
        var rsa = NewKey(SigningAlgorithms.Rs256, "rsa", 0);
        var ec = NewKey(SigningAlgorithms.Es256, "ec", 0);

        var (ring, _) = RingOf(rsa, ec);

        Assert.Equal(SigningKeyStatus.Primary, rsa.Status);
        Assert.Equal(SigningKeyStatus.Primary, ec.Status);
        Assert.Same(rsa, ring.PrimaryOf(SigningAlgorithms.Rs256));
        Assert.Same(ec, ring.PrimaryOf(SigningAlgorithms.Es256));
        Assert.Same(rsa, ring.Primary);
        Assert.Empty(ring.AlgorithmsWithoutPrimary);
    }

    [Fact]
    public void A_ring_with_only_rsa_keys_lacks_an_es256_primary()
    {
        var (ring, _) = RingOf(NewKey(SigningAlgorithms.Rs256, "rsa", 0));

        Assert.Equal(["ES256"], ring.AlgorithmsWithoutPrimary);
        Assert.Equal(["RS256", "ES256"], new SigningKeyRing([]).AlgorithmsWithoutPrimary);
    }

    [Fact]
    public void A_new_es256_key_steps_down_the_es256_primary_only()
    {
        var rsa = NewKey(SigningAlgorithms.Rs256, "rsa", 0);
        var oldEc = NewKey(SigningAlgorithms.Es256, "old-ec", 0);
        var (ring, _) = RingOf(rsa, oldEc);
        var newEc = NewKey(SigningAlgorithms.Es256, "new-ec", 10);

        ring.Add(newEc);

        Assert.Equal(SigningKeyStatus.Primary, newEc.Status);
        Assert.Equal(SigningKeyStatus.Active, oldEc.Status);
        Assert.Equal(SigningKeyStatus.Primary, rsa.Status);
        Assert.Empty(rsa.DomainEvents);
        Assert.Equal(["signing_key.primary_changed"], oldEc.DomainEvents.Select(e => e.Action));
    }

    [Fact]
    public void Setting_an_rsa_key_primary_leaves_the_es256_primary_alone()
    {
        var oldRsa = NewKey(SigningAlgorithms.Rs256, "old-rsa", 0);
        var ec = NewKey(SigningAlgorithms.Es256, "ec", 0);
        var newRsa = NewKey(SigningAlgorithms.Rs256, "new-rsa", 10);
        var (ring, _) = RingOf(oldRsa, ec, newRsa);

        ring.SetPrimary(oldRsa);

        Assert.Equal(SigningKeyStatus.Primary, oldRsa.Status);
        Assert.Equal(SigningKeyStatus.Active, newRsa.Status);
        Assert.Equal(SigningKeyStatus.Primary, ec.Status);
        Assert.Empty(ec.DomainEvents);
    }

    [Fact]
    public void Deactivating_the_es256_primary_promotes_an_es256_key_even_when_an_rsa_key_is_newer()
    {
        var olderEc = NewKey(SigningAlgorithms.Es256, "older-ec", 0);
        var primaryEc = NewKey(SigningAlgorithms.Es256, "primary-ec", 5);
        var newestRsa = NewKey(SigningAlgorithms.Rs256, "newest-rsa", 10);
        var (ring, _) = RingOf(olderEc, primaryEc, newestRsa);

        ring.Deactivate(primaryEc, Now.AddHours(1));

        Assert.Equal(SigningKeyStatus.Deactivated, primaryEc.Status);
        Assert.Equal(SigningKeyStatus.Primary, olderEc.Status);
        Assert.Equal(SigningKeyStatus.Primary, newestRsa.Status);
        Assert.Same(olderEc, ring.PrimaryOf(SigningAlgorithms.Es256));
    }

    [Fact]
    public void The_last_active_es256_key_cannot_be_deactivated_though_rsa_keys_are_active()
    {
        var rsa = NewKey(SigningAlgorithms.Rs256, "rsa", 0);
        var otherRsa = NewKey(SigningAlgorithms.Rs256, "other-rsa", 1);
        var ec = NewKey(SigningAlgorithms.Es256, "ec", 2);
        var (ring, _) = RingOf(rsa, otherRsa, ec);

        var error = Assert.Throws<DomainException>(() => ring.Deactivate(ec, Now.AddHours(1)));

        Assert.Equal("last_active_key", error.Code);
        Assert.Equal(SigningKeyStatus.Primary, ec.Status);
        Assert.Empty(ec.DomainEvents);
    }

    [Fact]
    public void A_client_signs_with_rs256_unless_it_chooses_es256()
    {
        var settings = OAuthClientSettings.Defaults(ClientType.Confidential) with { Name = "Backend" };

        var client = OAuthClient.Create(EnvironmentId, "backend", ClientType.Confidential, settings, "hash", Now);
        Assert.Equal("RS256", client.IdTokenSignedResponseAlg);

        client.Change(new OAuthClientChanges { IdTokenSignedResponseAlg = SigningAlgorithms.Es256 });
        Assert.Equal("ES256", client.IdTokenSignedResponseAlg);

        client.Change(new OAuthClientChanges { Name = "Renamed" });
        Assert.Equal("ES256", client.IdTokenSignedResponseAlg);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("RS512")]
    [InlineData("")]
    public void A_client_cannot_choose_an_algorithm_paylent_does_not_sign_with(string algorithm)
    {
        var settings = OAuthClientSettings.Defaults(ClientType.Confidential) with { Name = "Backend", IdTokenSignedResponseAlg = algorithm };

        var error = Assert.Throws<DomainException>(() => OAuthClient.Create(EnvironmentId, "backend", ClientType.Confidential, settings, "hash", Now));

        Assert.Equal("invalid_signing_algorithm", error.Code);
        Assert.Equal(nameof(OAuthClient.IdTokenSignedResponseAlg), error.Field);
    }
}
