using System.Runtime.InteropServices;

namespace Paylent.Infrastructure.Common.Security;

/// <summary>
/// The Argon2 reference implementation (Debian <c>libargon2-1</c>). Only the two id-variant entry
/// points are bound; both take and give the PHC string format (<c>$argon2id$v=19$m=..,t=..,p=..$salt$hash</c>).
/// </summary>
internal static partial class Argon2Native
{
    private const string Library = "libargon2.so.1";

    public const int Ok = 0;

    [LibraryImport(Library, EntryPoint = "argon2id_hash_encoded")]
    public static partial int HashEncoded(
        uint timeCost,
        uint memoryCostKiB,
        uint parallelism,
        ReadOnlySpan<byte> password,
        nuint passwordLength,
        ReadOnlySpan<byte> salt,
        nuint saltLength,
        nuint hashLength,
        Span<byte> encoded,
        nuint encodedLength);

    [LibraryImport(Library, EntryPoint = "argon2id_verify")]
    public static partial int Verify(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> password, nuint passwordLength);

    [LibraryImport(Library, EntryPoint = "argon2_error_message")]
    public static partial nint ErrorMessage(int errorCode);
}
