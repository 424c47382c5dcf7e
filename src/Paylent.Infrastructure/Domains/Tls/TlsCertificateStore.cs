using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Tls;

/// <summary>
/// Where the issuance side puts a hostname's certificate, and takes it away: each call is one transaction
/// of its own (a certificate is servable as soon as it is stored, whatever the caller does next), and
/// once it commits every instance swaps what it serves for that name within seconds
/// (<see cref="TlsCertificateChanges"/>, <see cref="TlsCertificateLoader"/>).
/// </summary>
public interface ITlsCertificateStore
{
    /// <summary>
    /// Stores (or replaces, atomically) the certificate served for <paramref name="hostname"/>: the chain as
    /// the CA sent it (PEM, leaf first) and the private key made for it (PKCS#8), sealed before it is written.
    /// </summary>
    /// <exception cref="CryptographicException">The chain is empty, the key is not the leaf's, or the leaf does not name the host.</exception>
    Task<CertificateDetails> StoreAsync(string hostname, Guid? environmentId, string chainPem, ReadOnlyMemory<byte> privateKeyPkcs8, CancellationToken cancellationToken);

    /// <summary>Stops serving a certificate for <paramref name="hostname"/>; its name gets the default one. False when there was none.</summary>
    Task<bool> RemoveAsync(string hostname, CancellationToken cancellationToken);
}

internal sealed class TlsCertificateStore(IServiceScopeFactory scopes, KeyEncryption encryption, TimeProvider clock) : ITlsCertificateStore
{
    public async Task<CertificateDetails> StoreAsync(
        string hostname, Guid? environmentId, string chainPem, ReadOnlyMemory<byte> privateKeyPkcs8, CancellationToken cancellationToken)
    {
        var name = Hostnames.Normalize(hostname);
        CertificateDetails details;
        var (leaf, intermediates) = CertificateMaterial.Open(chainPem, privateKeyPkcs8.Span);
        using (leaf)
        {
            if (!leaf.MatchesHostname(name, allowWildcards: true, allowCommonName: false))
            {
                throw new CryptographicException("The certificate does not name the host it is stored for.");
            }

            details = CertificateMaterial.DetailsOf(leaf);
            foreach (var intermediate in intermediates)
            {
                intermediate.Dispose();
            }
        }

        var sealedKey = encryption.Seal(privateKeyPkcs8.Span, AssociatedData(name, details.Serial));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        var stored = await db.TlsCertificates.SingleOrDefaultAsync(c => c.Hostname == name, cancellationToken);
        if (stored is null)
        {
            db.TlsCertificates.Add(StoredCertificate.Create(name, environmentId, details, chainPem, sealedKey, now));
        }
        else
        {
            stored.Replace(environmentId, details, chainPem, sealedKey, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return details;
    }

    public async Task<bool> RemoveAsync(string hostname, CancellationToken cancellationToken)
    {
        var name = Hostnames.Normalize(hostname);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        if (await db.TlsCertificates.SingleOrDefaultAsync(c => c.Hostname == name, cancellationToken) is not { } stored)
        {
            return false;
        }

        db.TlsCertificates.Remove(stored);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Binds a sealed key to its row: opened under another hostname or serial, it fails.</summary>
    internal static string AssociatedData(string hostname, string serial) => $"tls-certificate:{hostname}:{serial}";
}

/// <summary>Once a save that adds, replaces or removes certificates commits, every instance hears which hostnames changed.</summary>
public sealed class TlsCertificateChanges(ChangeSignal signal) : ISaveObserver
{
    public const string Channel = "tls-certificates";

    public IReadOnlyList<Action> Collect(SavedChanges changes) =>
        [.. changes.Entities<StoredCertificate>()
            .Select(c => c.Hostname).Distinct(StringComparer.Ordinal)
            .Select(hostname => (Action)(() => signal.Publish(Channel, hostname)))];
}
