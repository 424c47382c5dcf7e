using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// A key pair that signs an environment's tokens with one algorithm (<see cref="SigningAlgorithms"/>:
/// RSA-4096 for RS256, P-256 for ES256). Only the primary of its algorithm signs; active keys stay
/// published in JWKS so tokens they signed keep verifying; deactivated keys are gone from JWKS.
/// The private key is stored encrypted (see docs/operations.md); the public key in SubjectPublicKeyInfo form.
/// </summary>
[Audited("signing_key")]
public sealed class SigningKey : AggregateRoot, IEnvironmentScoped
{
    public const int RsaKeySize = 4096;

    private SigningKey(Guid environmentId, string algorithm, string kid, string publicKey, string encryptedPrivateKey, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        Kid = kid;
        Algorithm = algorithm;
        PublicKey = publicKey;
        EncryptedPrivateKey = encryptedPrivateKey;
        Status = SigningKeyStatus.Active;
        CreatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    /// <summary>The JWS <c>kid</c>: part of the key's RFC 7638 thumbprint, so it names this key only.</summary>
    public string Kid { get; private set; }

    /// <summary>The JWS <c>alg</c> it signs with: <see cref="SigningAlgorithms.Rs256"/> or <see cref="SigningAlgorithms.Es256"/>.</summary>
    public string Algorithm { get; private set; }

    public SigningKeyStatus Status { get; private set; }

    /// <summary>Base64 DER SubjectPublicKeyInfo.</summary>
    public string PublicKey { get; private set; }

    [Secret]
    public string EncryptedPrivateKey { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? DeactivatedAt { get; private set; }

    public bool IsPublished => Status != SigningKeyStatus.Deactivated;

    /// <summary>A new key, not yet in a ring: <see cref="SigningKeyRing.Add"/> makes it primary.</summary>
    public static SigningKey Create(Guid environmentId, string algorithm, string kid, string publicKey, string encryptedPrivateKey, DateTime now) =>
        SigningAlgorithms.IsSupported(algorithm)
            ? new(environmentId, algorithm, kid, publicKey, encryptedPrivateKey, now)
            : throw new DomainException("invalid_algorithm", $"A signing key's algorithm is one of: {string.Join(", ", SigningAlgorithms.All)}.", nameof(Algorithm));

    /// <summary>A new key starts primary; its audit line is <c>signing_key.created</c>, showing the status.</summary>
    internal void BecomePrimaryOnCreation() => Status = SigningKeyStatus.Primary;

    internal void BecomePrimary()
    {
        Status = SigningKeyStatus.Primary;
        Raise(new SigningKeyPrimaryChanged());
    }

    internal void StepDown()
    {
        Status = SigningKeyStatus.Active;
        Raise(new SigningKeyPrimaryChanged());
    }

    internal void Deactivate(DateTime now)
    {
        Status = SigningKeyStatus.Deactivated;
        DeactivatedAt = now;
        Raise(new SigningKeyDeactivated());
    }
}

public enum SigningKeyStatus
{
    Primary,
    Active,
    Deactivated,
}

public sealed record SigningKeyPrimaryChanged : IDomainEvent
{
    public string Action => "signing_key.primary_changed";
}

public sealed record SigningKeyDeactivated : IDomainEvent
{
    public string Action => "signing_key.deactivated";
}
