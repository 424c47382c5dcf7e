using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Tls;

/// <summary>
/// Keeps <see cref="TlsCertificates"/> current: everything at start (before the listeners open), one
/// hostname whenever <see cref="TlsCertificateChanges"/> announces it from any instance, and everything again
/// every <see cref="TlsOptions.ReloadSeconds"/> in case a notice was lost (<see cref="HostnameReloader"/>);
/// a reload rebuilds only the certificates whose serial changed.
/// </summary>
public sealed partial class TlsCertificateLoader(
    TlsCertificates certificates, ChangeSignal signal, IServiceScopeFactory scopes, KeyEncryption encryption,
    IOptions<TlsOptions> options, TimeProvider clock, ILogger<TlsCertificateLoader> logger)
    : HostnameReloader(signal, TlsCertificateChanges.Channel, () => TimeSpan.FromSeconds(options.Value.ReloadSeconds), clock)
{
    protected override async Task ReloadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
            var current = await db.TlsCertificates.AsNoTracking().Select(c => new { c.Hostname, c.Serial }).ToListAsync(cancellationToken);
            var entries = new Dictionary<string, TlsCertificates.Entry>(StringComparer.Ordinal);
            foreach (var row in current)
            {
                if (certificates.EntryOf(row.Hostname) is { } served && served.Serial == row.Serial)
                {
                    entries[row.Hostname] = served;
                }
                else if (await LoadAsync(db, row.Hostname, cancellationToken) is { } entry)
                {
                    entries[row.Hostname] = entry;
                }
            }

            certificates.ReplaceAll(entries);
            LogReloaded(logger, entries.Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // What is served stays as it was; the next notice or reload tries again.
            LogReloadFailed(logger, exception);
        }
    }

    protected override async Task ReloadAsync(string hostname, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
            if (!await db.TlsCertificates.AnyAsync(c => c.Hostname == hostname, cancellationToken))
            {
                certificates.Set(hostname, null);
                LogRemoved(logger, hostname);
            }
            else if (await LoadAsync(db, hostname, cancellationToken) is { } entry)
            {
                certificates.Set(hostname, entry);
                LogSwapped(logger, hostname, entry.Serial);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReloadFailed(logger, exception);
        }
    }

    private async Task<TlsCertificates.Entry?> LoadAsync(PaylentDbContext db, string hostname, CancellationToken cancellationToken)
    {
        var row = await db.TlsCertificates.AsNoTracking().SingleOrDefaultAsync(c => c.Hostname == hostname, cancellationToken);
        if (row is null)
        {
            return null;
        }

        try
        {
            var key = encryption.Open(row.SealedPrivateKey, TlsCertificateStore.AssociatedData(row.Hostname, row.Serial));
            try
            {
                return new TlsCertificates.Entry(row.Serial, CertificateMaterial.ContextOf(row.ChainPem, key));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
        catch (CryptographicException exception)
        {
            // A key sealed under a KEK no longer configured, or a damaged row: that name keeps what it had.
            LogUnusable(logger, exception, hostname, row.Serial);
            return certificates.EntryOf(hostname);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificates loaded: {Count} hostnames.")]
    private static partial void LogReloaded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate for {Hostname} swapped (serial {Serial}).")]
    private static partial void LogSwapped(ILogger logger, string hostname, string serial);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate for {Hostname} removed; the default certificate answers for it.")]
    private static partial void LogRemoved(ILogger logger, string hostname);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS certificates could not be reloaded; what is served is unchanged.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored TLS certificate for {Hostname} (serial {Serial}) cannot be used.")]
    private static partial void LogUnusable(ILogger logger, Exception exception, string hostname, string serial);
}
