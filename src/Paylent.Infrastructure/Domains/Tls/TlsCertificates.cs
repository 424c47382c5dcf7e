using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Common;

namespace Paylent.Infrastructure.Domains.Tls;

/// <summary>
/// What the HTTPS listener serves, by server name: an in-memory map of hostname to a ready
/// <see cref="SslStreamCertificateContext"/> (leaf, key and intermediates), swapped whole on every change
/// so a handshake reads one consistent map without a lock, and never queries anything. Names without a
/// certificate of their own, and handshakes without SNI, get <see cref="Default"/>; they never cause a
/// lookup or an issuance. <see cref="TlsCertificateLoader"/> keeps the map current.
/// </summary>
public sealed class TlsCertificates
{
    private readonly Lock _swap = new();
    private volatile Snapshot _current = new(FrozenDictionary<string, Entry>.Empty);

    public TlsCertificates(IOptions<TlsOptions> options, IOptions<PaylentOptions> paylent, TimeProvider clock)
    {
        var configured = options.Value.DefaultCertificate;
        Default = string.IsNullOrEmpty(configured.Path)
            ? SelfSigned(paylent.Value.BaseDomain, clock.GetUtcNow())
            : FromFiles(configured.Path, configured.KeyPath!);
    }

    /// <summary>For unknown names and handshakes without SNI.</summary>
    public SslStreamCertificateContext Default { get; }

    /// <summary>The hostnames served with a certificate of their own.</summary>
    public IReadOnlyCollection<string> Hostnames => _current.Entries.Keys;

    /// <summary>The certificate for a client's server name (any case, trailing dot or not); the default when there is none.</summary>
    public SslStreamCertificateContext For(string? serverName) =>
        Domains.Hostnames.Lookup(serverName) is { } name && _current.Entries.TryGetValue(name, out var entry) ? entry.Context : Default;

    /// <summary>Whether a request's host has a certificate of its own (plain HTTP on it is redirected to HTTPS).</summary>
    public bool Has(string? hostname) => Domains.Hostnames.Lookup(hostname) is { } name && _current.Entries.ContainsKey(name);

    /// <summary>What is served for <paramref name="hostname"/>, so a reload rebuilds only what changed.</summary>
    internal Entry? EntryOf(string hostname) => _current.Entries.GetValueOrDefault(hostname);

    /// <summary>Swaps the whole map (a full reload).</summary>
    internal void ReplaceAll(IEnumerable<KeyValuePair<string, Entry>> entries)
    {
        var snapshot = new Snapshot(entries.ToFrozenDictionary(StringComparer.Ordinal));
        lock (_swap)
        {
            _current = snapshot;
        }
    }

    /// <summary>Swaps one name's certificate (null removes it): a copy of the map with that one entry changed.</summary>
    internal void Set(string hostname, Entry? entry)
    {
        lock (_swap)
        {
            var entries = new Dictionary<string, Entry>(_current.Entries, StringComparer.Ordinal);
            if (entry is null)
            {
                entries.Remove(hostname);
            }
            else
            {
                entries[hostname] = entry;
            }

            _current = new Snapshot(entries.ToFrozenDictionary(StringComparer.Ordinal));
        }
    }

    private static SslStreamCertificateContext FromFiles(string path, string keyPath)
    {
        var leaf = X509Certificate2.CreateFromPemFile(path, keyPath);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(path);
        chain.RemoveAt(0);
        return SslStreamCertificateContext.Create(leaf, chain, offline: true);
    }

    /// <summary>A stand-in made at start for the base domain and its subdomains: clients that reach an unknown name see a certificate they will not trust, never another tenant's.</summary>
    private static SslStreamCertificateContext SelfSigned(string baseDomain, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={baseDomain}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(baseDomain);
        names.AddDnsName($"*.{baseDomain}");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return SslStreamCertificateContext.Create(request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1)), null, offline: true);
    }

    internal sealed record Entry(string Serial, SslStreamCertificateContext Context);

    private sealed record Snapshot(FrozenDictionary<string, Entry> Entries);
}
