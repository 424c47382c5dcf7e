using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Security;

namespace Paylent.Infrastructure.Common.Security;

/// <summary>Argon2id parameters (OWASP's baseline: 19 MiB, 2 passes, 1 lane).</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Paylent:PasswordHashing";

    public int MemoryKiB { get; set; } = 19456;

    public int Iterations { get; set; } = 2;

    public int Parallelism { get; set; } = 1;
}

/// <summary>
/// Argon2id via libargon2. Passwords are NFKC-normalized first (NIST SP 800-63B §5.1.1.2) so the
/// same password typed on two keyboards verifies. A hash made with other parameters still verifies
/// and asks to be upgraded.
/// </summary>
internal sealed class Argon2PasswordHasher : IPasswordHasher
{
    private const int SaltLength = 16;
    private const int HashLength = 32;

    private readonly PasswordHashingOptions _options;
    private readonly string _parameters;
    private readonly Lazy<string> _dummyHash;

    public Argon2PasswordHasher(IOptions<PasswordHashingOptions> options)
    {
        _options = options.Value;
        _parameters = string.Create(CultureInfo.InvariantCulture, $"m={_options.MemoryKiB},t={_options.Iterations},p={_options.Parallelism}");
        _dummyHash = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    public string Hash(string password)
    {
        var passwordBytes = Encode(password);
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        Span<byte> encoded = stackalloc byte[256];
        var result = Argon2Native.HashEncoded(
            (uint)_options.Iterations, (uint)_options.MemoryKiB, (uint)_options.Parallelism,
            passwordBytes, (nuint)passwordBytes.Length, salt, SaltLength, HashLength, encoded, (nuint)encoded.Length);
        if (result != Argon2Native.Ok)
        {
            throw new CryptographicException($"Argon2 hashing failed: {Marshal.PtrToStringUTF8(Argon2Native.ErrorMessage(result))}");
        }

        return Encoding.ASCII.GetString(encoded[..encoded.IndexOf((byte)0)]);
    }

    public PasswordCheck Verify(string encodedHash, string password)
    {
        if (!Matches(encodedHash, password))
        {
            return PasswordCheck.Mismatch;
        }

        return encodedHash.Contains($"${_parameters}$", StringComparison.Ordinal) ? PasswordCheck.Match : PasswordCheck.MatchNeedsRehash;
    }

    public void VerifyAgainstDummy(string password) => Matches(_dummyHash.Value, password);

    private static bool Matches(string encodedHash, string password)
    {
        if (!encodedHash.StartsWith("$argon2id$", StringComparison.Ordinal))
        {
            return false;
        }

        // A password with no NFKC form (a noncharacter such as U+FFFE, a lone surrogate) was never
        // hashed, so it cannot match; it still costs one verification, so its answer and its timing
        // are those of any wrong password, for known and unknown accounts alike.
        var normalized = TryEncode(password, out var passwordBytes);
        var encoded = Encoding.ASCII.GetBytes(encodedHash + "\0");
        return Argon2Native.Verify(encoded, passwordBytes, (nuint)passwordBytes.Length) == Argon2Native.Ok && normalized;
    }

    private static bool TryEncode(string password, out byte[] bytes)
    {
        try
        {
            bytes = Encode(password);
            return true;
        }
        catch (ArgumentException)
        {
            bytes = Encoding.UTF8.GetBytes(password);
            return false;
        }
    }

    private static byte[] Encode(string password) => Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormKC));
}
