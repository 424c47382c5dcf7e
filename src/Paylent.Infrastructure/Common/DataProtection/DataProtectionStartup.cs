using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Common.DataProtection;

/// <summary>
/// Readies the shared key ring as an instance starts, before ASP.NET loads it:
/// <list type="bullet">
/// <item>On PostgreSQL, the first key is created by one instance only (the others wait for it), so
/// replicas deployed at once share one key from the start. Left to ASP.NET, each could create its own,
/// and an instance reads a key it has not seen only in its first two minutes or after its key ring's
/// next refresh (up to a day). SQLite serves one node: it is not locked.</item>
/// <item>It refuses to start an instance that cannot open a current key (sealed with a key-encryption
/// key it is not given). ASP.NET would log the key as unusable and create one sealed with this
/// instance's KEK: this instance would sign everyone out and issue cookies the others cannot read.
/// Expired keys are not checked: they protect nothing new, and what they protected is short-lived.</item>
/// </list>
/// </summary>
internal sealed class DataProtectionStartup(IKeyManager keys, IServiceScopeFactory scopes, TimeProvider clock) : IHostedService
{
    // pg_advisory_xact_lock's key for "creating the first data-protection key"; any constant no other lock uses.
    internal const long FirstKeyLock = 0x5041_594C_4450_4B31;

    // ASP.NET's own default key lifetime.
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!HasCurrentKey())
        {
            await CreateFirstKeyAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();
        foreach (var key in keys.GetAllKeys().Where(k => !k.IsRevoked && k.ExpirationDate > now))
        {
            try
            {
                _ = key.Descriptor;
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException(
                    $"Data-protection key {key.KeyId} (table data_protection_keys) cannot be opened: {e.Message} " +
                    "Configure the key-encryption key it was sealed with (docs/operations.md, \"Data-protection keys\").", e);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateFirstKeyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        // Held until the transaction ends; the key itself is stored through ASP.NET's repository (its own
        // connection), committed before the lock is released, so the next instance in line sees it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstKeyLock})", cancellationToken);
        if (!HasCurrentKey())
        {
            var now = clock.GetUtcNow();
            keys.CreateNewKey(now, now + KeyLifetime);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private bool HasCurrentKey()
    {
        var now = clock.GetUtcNow();
        return keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now);
    }
}
