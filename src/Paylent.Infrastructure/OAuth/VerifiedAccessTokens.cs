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
/// revocation is checked after it on every request, as for a token verified just now.
/// </summary>
/// <remarks>
/// Bounded in two generations of <see cref="Capacity"/> tokens each: when the current one is full it becomes
/// the previous one, and the one before is forgotten. A token found in the previous generation is carried
/// into the current one, so the tokens in use stay however many others pass through once.
/// </remarks>
public sealed class VerifiedAccessTokens
{
    public const int Capacity = 1024;

    private readonly Lock _turnover = new();
    private volatile Generation _current = new();
    private volatile Generation _previous = new();

    public static (UInt128, UInt128) KeyOf(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(token.AsSpan()), hash);
        var halves = MemoryMarshal.Cast<byte, UInt128>(hash);
        return (halves[0], halves[1]);
    }

    public AccessTokenClaims? Find((UInt128, UInt128) key)
    {
        if (_current.Claims.TryGetValue(key, out var claims))
        {
            return claims;
        }

        if (_previous.Claims.TryGetValue(key, out claims))
        {
            Add(key, claims);
            return claims;
        }

        return null;
    }

    public void Add((UInt128, UInt128) key, AccessTokenClaims claims)
    {
        var current = _current;
        if (!current.Claims.TryAdd(key, claims) || Interlocked.Increment(ref current.Count) < Capacity)
        {
            return;
        }

        lock (_turnover)
        {
            if (_current == current)
            {
                _previous = current;
                _current = new Generation();
            }
        }
    }

    internal int Count => _current.Claims.Count + _previous.Claims.Count;

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<(UInt128, UInt128), AccessTokenClaims> Claims = new();
        public int Count;
    }
}
