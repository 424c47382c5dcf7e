namespace Paylent.Application.Common.Security;

/// <summary>Slow, salted password hashing (Argon2id, PHC string format).</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    PasswordCheck Verify(string encodedHash, string password);

    /// <summary>Does the same work as a failed <see cref="Verify"/>, so an unknown account takes as long as a wrong password.</summary>
    void VerifyAgainstDummy(string password);
}

public enum PasswordCheck
{
    Mismatch,
    Match,

    /// <summary>Correct, but hashed with outdated parameters: store a fresh hash.</summary>
    MatchNeedsRehash,
}
