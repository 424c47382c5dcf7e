using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Domain.Tests.OAuth;

public sealed class SigningKeyRingTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();

    private static SigningKey NewKey(string kid, int minutesAfterNow) =>
        SigningKey.Create(EnvironmentId, SigningAlgorithms.Rs256, kid, "public-" + kid, "sealed-" + kid, Now.AddMinutes(minutesAfterNow));

    /// <summary>A ring built by adding the keys in order (the last one ends primary), with their events cleared.</summary>
    private static SigningKeyRing RingOf(params SigningKey[] keysInOrder)
    {
        var keys = new List<SigningKey>();
        var ring = new SigningKeyRing(keys);
        foreach (var key in keysInOrder)
        {
            ring.Add(key);
            keys.Add(key);
        }

        keys.ForEach(k => k.ClearDomainEvents());
        return ring;
    }

    private static string[] Actions(SigningKey key) => [.. key.DomainEvents.Select(e => e.Action)];

    [Fact]
    public void A_created_key_is_rs256_and_only_active_until_it_joins_a_ring()
    {
        var key = NewKey("k1", 0);

        Assert.Equal(SigningKeyStatus.Active, key.Status);
        Assert.Equal("RS256", key.Algorithm);
        Assert.Equal("k1", key.Kid);
        Assert.Equal("sealed-k1", key.EncryptedPrivateKey);
        Assert.Equal(Now, key.CreatedAt);
        Assert.Null(key.DeactivatedAt);
    }

    [Fact]
    public void The_first_key_of_an_empty_ring_becomes_primary()
    {
        var key = NewKey("k1", 0);

        new SigningKeyRing([]).Add(key);

        Assert.Equal(SigningKeyStatus.Primary, key.Status);
        Assert.True(key.IsPublished);
    }

    [Fact]
    public void A_new_key_becomes_primary_and_the_old_primary_stays_active()
    {
        var old = NewKey("old", 0);
        var ring = RingOf(old);
        var fresh = NewKey("fresh", 10);

        ring.Add(fresh);

        Assert.Equal(SigningKeyStatus.Primary, fresh.Status);
        Assert.Equal(SigningKeyStatus.Active, old.Status);
        Assert.True(old.IsPublished);
        Assert.Null(old.DeactivatedAt);
    }

    [Fact]
    public void A_new_key_raises_no_event_so_it_is_audited_as_created_while_the_old_primary_reports_its_change()
    {
        var old = NewKey("old", 0);
        var ring = RingOf(old);
        var fresh = NewKey("fresh", 10);

        ring.Add(fresh);

        Assert.Empty(fresh.DomainEvents);
        Assert.Equal(["signing_key.primary_changed"], Actions(old));
    }

    [Fact]
    public void Only_a_new_key_can_join_a_ring()
    {
        var member = NewKey("member", 0);
        var keys = new List<SigningKey> { member };
        var ring = new SigningKeyRing(keys);
        member.ClearDomainEvents();

        Assert.Throws<InvalidOperationException>(() => ring.Add(member));

        var alreadyPrimary = NewKey("elsewhere", 5);
        new SigningKeyRing([]).Add(alreadyPrimary);
        Assert.Throws<InvalidOperationException>(() => ring.Add(alreadyPrimary));
    }

    [Fact]
    public void A_ring_has_exactly_one_primary_after_every_change()
    {
        var keys = new List<SigningKey>();
        var ring = new SigningKeyRing(keys);
        void AssertOnePrimary() => Assert.Single(keys, k => k.Status == SigningKeyStatus.Primary);

        foreach (var (kid, minute) in new[] { ("k1", 0), ("k2", 10), ("k3", 20) })
        {
            var key = NewKey(kid, minute);
            ring.Add(key);
            keys.Add(key);
            AssertOnePrimary();
        }

        ring.SetPrimary(keys[0]);
        AssertOnePrimary();
        ring.Deactivate(keys[0], Now.AddHours(1));
        AssertOnePrimary();
        Assert.Same(keys[2], ring.Primary);
    }

    [Fact]
    public void Deactivating_the_primary_promotes_the_most_recently_created_active_key()
    {
        // Added out of creation order, so "most recent" can only come from CreatedAt.
        var oldest = NewKey("oldest", 0);
        var newest = NewKey("newest", 20);
        var middle = NewKey("middle", 10);
        var primary = NewKey("primary", 30);
        var ring = RingOf(oldest, newest, middle, primary);

        ring.Deactivate(primary, Now.AddHours(1));

        Assert.Equal(SigningKeyStatus.Deactivated, primary.Status);
        Assert.Equal(SigningKeyStatus.Primary, newest.Status);
        Assert.Equal(SigningKeyStatus.Active, middle.Status);
        Assert.Equal(SigningKeyStatus.Active, oldest.Status);
        Assert.Same(newest, ring.Primary);
    }

    [Fact]
    public void Deactivated_keys_are_never_promoted()
    {
        var oldest = NewKey("oldest", 0);
        var newer = NewKey("newer", 10);
        var primary = NewKey("primary", 20);
        var ring = RingOf(oldest, newer, primary);
        ring.Deactivate(newer, Now.AddHours(1));

        ring.Deactivate(primary, Now.AddHours(2));

        Assert.Equal(SigningKeyStatus.Deactivated, newer.Status);
        Assert.Same(oldest, ring.Primary);
    }

    [Fact]
    public void Deactivating_the_primary_raises_deactivated_for_it_and_primary_changed_for_its_successor()
    {
        var older = NewKey("older", 0);
        var primary = NewKey("primary", 10);
        var ring = RingOf(older, primary);
        var at = Now.AddHours(1);

        ring.Deactivate(primary, at);

        Assert.Equal(["signing_key.deactivated"], Actions(primary));
        Assert.Equal(["signing_key.primary_changed"], Actions(older));
        Assert.Equal(at, primary.DeactivatedAt);
        Assert.False(primary.IsPublished);
    }

    [Fact]
    public void Deactivating_an_active_key_leaves_the_primary_in_place()
    {
        var oldest = NewKey("oldest", 0);
        var middle = NewKey("middle", 10);
        var primary = NewKey("primary", 20);
        var ring = RingOf(oldest, middle, primary);

        ring.Deactivate(middle, Now.AddHours(1));

        Assert.Equal(SigningKeyStatus.Deactivated, middle.Status);
        Assert.Equal(Now.AddHours(1), middle.DeactivatedAt);
        Assert.Same(primary, ring.Primary);
        Assert.Equal(SigningKeyStatus.Active, oldest.Status);
        Assert.Equal(["signing_key.deactivated"], Actions(middle));
        Assert.Empty(primary.DomainEvents);
        Assert.Empty(oldest.DomainEvents);
    }

    [Fact]
    public void The_only_key_cannot_be_deactivated()
    {
        var only = NewKey("only", 0);
        var ring = RingOf(only);

        var error = Assert.Throws<DomainException>(() => ring.Deactivate(only, Now.AddHours(1)));

        Assert.Equal("last_active_key", error.Code);
        Assert.Equal(SigningKeyStatus.Primary, only.Status);
        Assert.Null(only.DeactivatedAt);
        Assert.Empty(only.DomainEvents);
    }

    [Fact]
    public void The_last_active_key_cannot_be_deactivated_when_the_others_are_deactivated()
    {
        var oldest = NewKey("oldest", 0);
        var middle = NewKey("middle", 10);
        var primary = NewKey("primary", 20);
        var ring = RingOf(oldest, middle, primary);
        ring.Deactivate(oldest, Now.AddHours(1));
        ring.Deactivate(primary, Now.AddHours(2));
        middle.ClearDomainEvents();

        var error = Assert.Throws<DomainException>(() => ring.Deactivate(middle, Now.AddHours(3)));

        Assert.Equal("last_active_key", error.Code);
        Assert.Same(middle, ring.Primary);
        Assert.Empty(middle.DomainEvents);
    }

    [Fact]
    public void Deactivating_a_deactivated_key_fails()
    {
        var oldest = NewKey("oldest", 0);
        var middle = NewKey("middle", 10);
        var primary = NewKey("primary", 20);
        var ring = RingOf(oldest, middle, primary);
        var at = Now.AddHours(1);
        ring.Deactivate(middle, at);
        middle.ClearDomainEvents();

        var error = Assert.Throws<DomainException>(() => ring.Deactivate(middle, Now.AddHours(2)));

        Assert.Equal("key_deactivated", error.Code);
        Assert.Equal(at, middle.DeactivatedAt);
        Assert.Empty(middle.DomainEvents);
    }

    [Fact]
    public void Setting_an_active_key_primary_demotes_the_old_primary_to_active()
    {
        var older = NewKey("older", 0);
        var primary = NewKey("primary", 10);
        var ring = RingOf(older, primary);

        ring.SetPrimary(older);

        Assert.Equal(SigningKeyStatus.Primary, older.Status);
        Assert.Equal(SigningKeyStatus.Active, primary.Status);
        Assert.Same(older, ring.Primary);
        Assert.Equal(["signing_key.primary_changed"], Actions(older));
        Assert.Equal(["signing_key.primary_changed"], Actions(primary));
    }

    [Fact]
    public void A_deactivated_key_cannot_become_primary()
    {
        var oldest = NewKey("oldest", 0);
        var middle = NewKey("middle", 10);
        var primary = NewKey("primary", 20);
        var ring = RingOf(oldest, middle, primary);
        ring.Deactivate(middle, Now.AddHours(1));
        middle.ClearDomainEvents();

        var error = Assert.Throws<DomainException>(() => ring.SetPrimary(middle));

        Assert.Equal("key_deactivated", error.Code);
        Assert.Equal(SigningKeyStatus.Deactivated, middle.Status);
        Assert.Same(primary, ring.Primary);
        Assert.Empty(primary.DomainEvents);
    }

    [Fact]
    public void Setting_the_primary_primary_again_changes_nothing()
    {
        var older = NewKey("older", 0);
        var primary = NewKey("primary", 10);
        var ring = RingOf(older, primary);

        ring.SetPrimary(primary);

        Assert.Same(primary, ring.Primary);
        Assert.Equal(SigningKeyStatus.Active, older.Status);
        Assert.Empty(primary.DomainEvents);
        Assert.Empty(older.DomainEvents);
    }

    [Fact]
    public void A_key_of_another_ring_is_refused()
    {
        var ring = RingOf(NewKey("mine", 0), NewKey("mine-too", 10));
        var stranger = NewKey("stranger", 20);
        RingOf(NewKey("other", 0), stranger);

        Assert.Throws<InvalidOperationException>(() => ring.SetPrimary(stranger));
        Assert.Throws<InvalidOperationException>(() => ring.Deactivate(stranger, Now));
        Assert.Equal(SigningKeyStatus.Primary, stranger.Status);
    }
}
