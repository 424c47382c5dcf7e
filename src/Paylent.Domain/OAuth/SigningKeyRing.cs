using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// The rules across an environment's signing keys (seed 001), held per algorithm (an RS256 ring and an
/// ES256 ring): exactly one primary per algorithm while any key of it is active; a new key becomes the
/// primary of its algorithm; deactivating a primary promotes the most recently created active key of
/// the same algorithm; the last active key of an algorithm cannot be deactivated.
/// </summary>
public sealed class SigningKeyRing(IReadOnlyList<SigningKey> keys)
{
    /// <summary>The RS256 primary: the default signer.</summary>
    public SigningKey? Primary => PrimaryOf(SigningAlgorithms.Rs256);

    public SigningKey? PrimaryOf(string algorithm) =>
        keys.SingleOrDefault(k => k.Algorithm == algorithm && k.Status == SigningKeyStatus.Primary);

    /// <summary>The algorithms no key of the ring signs with yet, in <see cref="SigningAlgorithms.All"/>'s order.</summary>
    public IReadOnlyList<string> AlgorithmsWithoutPrimary => [.. SigningAlgorithms.All.Where(a => PrimaryOf(a) is null)];

    /// <summary>Adds a freshly generated key as the new primary of its algorithm; the old primary stays active.</summary>
    public void Add(SigningKey key)
    {
        if (key.Status != SigningKeyStatus.Active || keys.Contains(key))
        {
            throw new InvalidOperationException("Only a new key can join the ring.");
        }

        PrimaryOf(key.Algorithm)?.StepDown();
        key.BecomePrimaryOnCreation();
    }

    public void SetPrimary(SigningKey key)
    {
        Require(key);
        switch (key.Status)
        {
            case SigningKeyStatus.Primary:
                return;
            case SigningKeyStatus.Deactivated:
                throw new DomainException("key_deactivated", "A deactivated key cannot become primary.");
        }

        PrimaryOf(key.Algorithm)?.StepDown();
        key.BecomePrimary();
    }

    public void Deactivate(SigningKey key, DateTime now)
    {
        Require(key);
        if (key.Status == SigningKeyStatus.Deactivated)
        {
            throw new DomainException("key_deactivated", "The key is already deactivated.");
        }

        // "Active" in the seed's sense: still published, the primary included. A key of the other
        // algorithm is no successor: it cannot sign for the clients that chose this one.
        var successor = keys
            .Where(k => k != key && k.Algorithm == key.Algorithm && k.IsPublished)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .FirstOrDefault();
        if (successor is null)
        {
            throw new DomainException("last_active_key", "The last active key cannot be deactivated: generate a new key first.");
        }

        var wasPrimary = key.Status == SigningKeyStatus.Primary;
        key.Deactivate(now);
        if (wasPrimary)
        {
            successor.BecomePrimary();
        }
    }

    private void Require(SigningKey key)
    {
        if (!keys.Contains(key))
        {
            throw new InvalidOperationException("The key belongs to another ring.");
        }
    }
}
