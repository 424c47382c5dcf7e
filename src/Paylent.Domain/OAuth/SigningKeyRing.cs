using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// The rules across an environment's signing keys (seed 001): exactly one primary while any key is
/// active; a new key becomes primary; deactivating the primary promotes the most recently created
/// active key; the last active key cannot be deactivated.
/// </summary>
public sealed class SigningKeyRing(IReadOnlyList<SigningKey> keys)
{
    public SigningKey? Primary => keys.SingleOrDefault(k => k.Status == SigningKeyStatus.Primary);

    /// <summary>Adds a freshly generated key as the new primary; the old primary stays active.</summary>
    public void Add(SigningKey key)
    {
        if (key.Status != SigningKeyStatus.Active || keys.Contains(key))
        {
            throw new InvalidOperationException("Only a new key can join the ring.");
        }

        Primary?.StepDown();
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

        Primary?.StepDown();
        key.BecomePrimary();
    }

    public void Deactivate(SigningKey key, DateTime now)
    {
        Require(key);
        if (key.Status == SigningKeyStatus.Deactivated)
        {
            throw new DomainException("key_deactivated", "The key is already deactivated.");
        }

        // "Active" in the seed's sense: still published, the primary included.
        var successor = keys
            .Where(k => k != key && k.IsPublished)
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
