using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>
/// The install's one ACME account at the configured CA: its P-256 key is made once, stored sealed with the
/// key-encryption key (as signing keys are) in <c>acme_accounts</c>, one row per directory URL, and
/// registered with <c>Paylent:Acme:Email</c> on first use in each process (registering a known key
/// returns its account, RFC 8555 §7.3). Two instances making the first key at once both insert; the unique
/// directory URL keeps one, and the loser reads the winner's.
/// </summary>
public sealed class AcmeAccounts(AcmeClient acme, IServiceScopeFactory scopes, KeyEncryption encryption, IOptions<AcmeOptions> options, TimeProvider clock)
    : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AcmeAccount? _account;

    /// <summary>The registered account; the CA is asked only the first time.</summary>
    /// <exception cref="AcmeException">The CA could not register the account.</exception>
    public async Task<AcmeAccount> GetAsync(CancellationToken cancellationToken)
    {
        if (_account is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_account is { } registered)
            {
                return registered;
            }

            var key = await LoadOrCreateKeyAsync(cancellationToken);
            var account = await acme.RegisterAccountAsync(key, cancellationToken);
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
                var row = await db.AcmeAccounts.SingleAsync(a => a.DirectoryUrl == options.Value.DirectoryUrl, cancellationToken);
                if (row.AccountUrl != account.Url.AbsoluteUri)
                {
                    row.Registered(account.Url);
                    await db.SaveChangesAsync(cancellationToken);
                }
            }

            return _account = account;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The account key for the configured directory, made and stored on first use.</summary>
    public async Task<ECDsa> LoadOrCreateKeyAsync(CancellationToken cancellationToken)
    {
        var directory = options.Value.DirectoryUrl;
        var sealedKey = await ReadSealedKeyAsync(directory, cancellationToken);
        if (sealedKey is null)
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var pkcs8 = fresh.ExportPkcs8PrivateKey();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
                db.AcmeAccounts.Add(AcmeAccountRecord.Create(directory, encryption.Seal(pkcs8, AssociatedData(directory)), clock.GetUtcNow().UtcDateTime));
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException error) when (UnitOfWork.IsUniqueViolation(error))
            {
                // Another instance stored its key first: that one is the account's.
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }

            sealedKey = await ReadSealedKeyAsync(directory, cancellationToken)
                ?? throw new InvalidOperationException("The ACME account key was neither stored nor found.");
        }

        var opened = encryption.Open(sealedKey, AssociatedData(directory));
        try
        {
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(opened, out _);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(opened);
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _account?.Key.Dispose();
    }

    private async Task<string?> ReadSealedKeyAsync(string directory, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaylentDbContext>().AcmeAccounts.AsNoTracking()
            .Where(a => a.DirectoryUrl == directory).Select(a => a.SealedKey).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Binds the sealed key to its CA: copied to another directory's row, it does not open.</summary>
    internal static string AssociatedData(string directoryUrl) => $"acme-account:{directoryUrl}";
}
