using System.Security.Cryptography;
using System.Text;

namespace Paylent.Domain.OAuth;

/// <summary>
/// Proof Key for Code Exchange (RFC 7636) with the <c>S256</c> method only: <c>plain</c> would hand the
/// verifier to anyone who sees the authorization request (RFC 9700 §2.1.1).
/// </summary>
public static class Pkce
{
    public const string S256 = "S256";

    /// <summary>§4.1 and §4.2: 43 to 128 characters of <c>[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"</c>.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: >= 43 and <= 128 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    /// <summary>§4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge, compared in constant time.</summary>
    public static bool Verifies(string verifier, string challenge)
    {
        if (!IsWellFormed(verifier))
        {
            return false;
        }

        var computed = Encoding.ASCII.GetBytes(Base64UrlSha256(verifier));
        return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(challenge));
    }

    public static string Base64UrlSha256(string ascii) =>
        System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(ascii)));
}
