using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Paylent.Application.OAuth;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// Authorization codes sealed with the shared data-protection key ring (AES-256-CBC and HMAC-SHA256 under
/// keys derived per payload; the ring is in the database and each key sealed with the KEK), for the purpose
/// <see cref="Purpose"/> and the environment, as Microsoft Entra ID seals its codes: an authorization request
/// writes nothing, and any instance can open what another sealed. The plaintext is a compact binary record
/// (<see cref="Format"/>), base64url-encoded once sealed: 300 to 450 characters for a usual request.
/// Keys expire after 90 days but still open what they sealed, so a late replay is still told; only a
/// revoked or deleted key (or a dropped KEK) makes a code unreadable, which a code never redeemed within
/// its 60 s does not miss.
/// </summary>
internal sealed class SealedAuthorizationCodes(IDataProtectionProvider provider) : IAuthorizationCodeSeal
{
    public const string Purpose = "Paylent.OAuth.AuthorizationCode";

    private readonly ConcurrentDictionary<Guid, IDataProtector> _byEnvironment = new();

    public string Seal(AuthorizationCode code) =>
        Base64Url.EncodeToString(ProtectorFor(code.EnvironmentId).Protect(Format.Write(code)));

    public AuthorizationCode? Open(Guid environmentId, string code)
    {
        // Only the canonical encoding: the decoder would also skip whitespace and accept padding.
        if (!code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        try
        {
            var opened = Format.Read(ProtectorFor(environmentId).Unprotect(Base64Url.DecodeFromChars(code)));
            return opened?.EnvironmentId == environmentId ? opened : null;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private IDataProtector ProtectorFor(Guid environmentId) =>
        _byEnvironment.GetOrAdd(environmentId, static (id, p) => p.CreateProtector(Purpose, id.ToString()), provider);

    /// <summary>
    /// Version 1: a version byte, the ids (code, environment, user, session), a byte of flags saying which
    /// of consent, organization and nonce follow, those, the issue time in ticks, the redirect URI's SHA-256,
    /// then client id, scope, PKCE challenge and nonce as length-prefixed UTF-8. Read only after the seal
    /// was verified, so whatever is malformed here is a version this build does not know.
    /// </summary>
    internal static class Format
    {
        private const byte Version = 1;
        private const byte HasConsent = 1;
        private const byte HasOrganization = 2;
        private const byte HasNonce = 4;

        public static byte[] Write(AuthorizationCode code)
        {
            using var buffer = new MemoryStream(256);
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Version);
                foreach (var id in (ReadOnlySpan<Guid>)[code.Id, code.EnvironmentId, code.UserId, code.SessionId])
                {
                    writer.Write(id.ToByteArray());
                }

                writer.Write((byte)((code.ConsentId is null ? 0 : HasConsent) | (code.OrganizationId is null ? 0 : HasOrganization) | (code.Nonce is null ? 0 : HasNonce)));
                foreach (var id in (ReadOnlySpan<Guid?>)[code.ConsentId, code.OrganizationId])
                {
                    if (id is { } present)
                    {
                        writer.Write(present.ToByteArray());
                    }
                }

                writer.Write(code.CreatedAt.Ticks);
                writer.Write(code.RedirectUriHash);
                writer.Write(code.ClientId);
                writer.Write(code.Scope);
                writer.Write(code.CodeChallenge);
                if (code.Nonce is { } nonce)
                {
                    writer.Write(nonce);
                }
            }

            return buffer.ToArray();
        }

        public static AuthorizationCode? Read(byte[] plaintext)
        {
            using var reader = new BinaryReader(new MemoryStream(plaintext), Encoding.UTF8);
            try
            {
                if (reader.ReadByte() != Version)
                {
                    return null;
                }

                var (id, environmentId, userId, sessionId) = (Id(reader), Id(reader), Id(reader), Id(reader));
                var flags = reader.ReadByte();
                var consentId = (flags & HasConsent) != 0 ? Id(reader) : (Guid?)null;
                var organizationId = (flags & HasOrganization) != 0 ? Id(reader) : (Guid?)null;
                var createdAt = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
                var redirectUriHash = reader.ReadBytes(SHA256.HashSizeInBytes);
                var (clientId, scope, challenge) = (reader.ReadString(), reader.ReadString(), reader.ReadString());
                var nonce = (flags & HasNonce) != 0 ? reader.ReadString() : null;
                return new AuthorizationCode(id, environmentId, clientId, userId, sessionId, redirectUriHash, scope, challenge, nonce, consentId, organizationId, createdAt);
            }
            catch (Exception exception) when (exception is EndOfStreamException or IOException or ArgumentException)
            {
                return null;
            }
        }

        private static Guid Id(BinaryReader reader) => new(reader.ReadBytes(16));
    }
}
