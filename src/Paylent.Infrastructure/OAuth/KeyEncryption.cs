using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Security;
using Paylent.Infrastructure.Common;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// The <c>Paylent:Keys</c> section: the key-encryption key (KEK) that seals signing keys at rest.
/// See docs/operations.md for supplying and rotating it.
/// </summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "Paylent:Keys";

    /// <summary>Base64 of 32 random bytes. When unset, one is generated into the data directory.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Earlier KEKs, still accepted for decryption during a rotation.</summary>
    public IList<string> PreviousEncryptionKeys { get; } = [];
}

/// <summary>
/// AES-256-GCM envelope for private keys: <c>v1.{kek id}.{nonce|ciphertext|tag}</c>, bound by
/// associated data to the environment and kid so a sealed key cannot be moved to another row.
/// A database dump alone reveals no private key: the KEK is never stored in the database.
/// </summary>
public sealed partial class KeyEncryption
{
    private const string Version = "v1";
    private const string GeneratedKeyFile = "key-encryption-key";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _current;
    private readonly string _currentId;
    private readonly Dictionary<string, byte[]> _all;

    public KeyEncryption(IOptions<KeyEncryptionOptions> options, IOptions<PaylentOptions> paylent, ILogger<KeyEncryption> logger)
    {
        _current = options.Value.EncryptionKey is { Length: > 0 } configured
            ? Decode(configured, "Paylent:Keys:EncryptionKey")
            : LoadOrCreateLocalKey(paylent.Value.DataPath(GeneratedKeyFile), logger);
        _currentId = IdOf(_current);
        _all = options.Value.PreviousEncryptionKeys
            .Select((key, i) => Decode(key, $"Paylent:Keys:PreviousEncryptionKeys:{i}"))
            .Append(_current)
            .ToDictionary(IdOf, key => key);
    }

    public string Seal(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(associatedData));
        return $"{Version}.{_currentId}.{Secrets.Base64Url(sealedBytes)}";
    }

    public byte[] Open(string sealedValue, string associatedData)
    {
        var parts = sealedValue.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
        {
            throw new CryptographicException("Unknown sealed key format.");
        }

        if (!_all.TryGetValue(parts[1], out var kek))
        {
            throw new CryptographicException($"The key-encryption key {parts[1]} is not configured (Paylent:Keys:PreviousEncryptionKeys).");
        }

        var sealedBytes = System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]);
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed key is truncated.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(kek, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }

    private static string IdOf(byte[] key) => Secrets.Base64Url(SHA256.HashData(key))[..8];

    private static byte[] Decode(string base64, string setting)
    {
        var bytes = new byte[48];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == 32
            ? bytes[..32]
            : throw new InvalidOperationException($"{setting} must be the base64 of exactly 32 random bytes (openssl rand -base64 32).");
    }

    private static byte[] LoadOrCreateLocalKey(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created owner-only: never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        LogGenerated(logger, path);
        return key;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a key-encryption key at {Path}. In production, supply Paylent:Keys:EncryptionKey from a secret store instead (docs/operations.md).")]
    private static partial void LogGenerated(ILogger logger, string path);
}
