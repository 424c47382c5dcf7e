using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Paylent.Application.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// The access tokens one <see cref="KeySet"/> has verified, by the SHA-256 of the token. A resource server
/// introspects, and an API client presents, the same token on every call of its lifetime, and verifying an
/// RSA-4096 signature again costs more than the rest of such a request. Held by its key set, so any change
/// of the environment's keys (a rotation, a deactivation) starts over with none. What it remembers is only
/// that the signature, type and algorithm checked out: the caller checks expiry on every use, and
/// revocation is checked after it on every request, as for a token verified just now. Bounded: when full,
/// it starts over.
/// </summary>
public sealed class VerifiedAccessTokens
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<(UInt128, UInt128), AccessTokenClaims> _claims = new();

    public static (UInt128, UInt128) KeyOf(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(token.AsSpan()), hash);
        var halves = MemoryMarshal.Cast<byte, UInt128>(hash);
        return (halves[0], halves[1]);
    }

    public AccessTokenClaims? Find((UInt128, UInt128) key) => _claims.TryGetValue(key, out var claims) ? claims : null;

    public void Add((UInt128, UInt128) key, AccessTokenClaims claims)
    {
        if (_claims.Count >= Capacity)
        {
            _claims.Clear();
        }

        _claims[key] = claims;
    }

    internal int Count => _claims.Count;
}
