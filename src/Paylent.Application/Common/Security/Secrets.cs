using System.Security.Cryptography;
using System.Text;

namespace Paylent.Application.Common.Security;

/// <summary>
/// High-entropy secrets (client secrets, opaque tokens): random, URL-safe, stored as SHA-256.
/// A slow hash buys nothing for 256 random bits and would cap the token endpoint (ory/hydra#1477).
/// </summary>
public static class Secrets
{
    /// <summary>32 random bytes (256 bits), base64url without padding: 43 characters.</summary>
    public static string NewToken(int bytes = 32) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    public static string Hash(string secret) => Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant-time comparison of a presented secret with a stored hash.</summary>
    public static bool Matches(string? storedHash, string? presented)
    {
        if (storedHash is null || presented is null)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), actual);
        Span<byte> expected = stackalloc byte[32];
        return System.Buffers.Text.Base64Url.TryDecodeFromChars(storedHash, expected, out var written)
            && written == 32
            && CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
