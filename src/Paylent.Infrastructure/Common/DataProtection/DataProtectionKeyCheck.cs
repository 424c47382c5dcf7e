using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;

namespace Paylent.Infrastructure.Common.DataProtection;

/// <summary>
/// Refuses to start an instance that cannot open the shared key ring (a key sealed with a key-encryption
/// key it is not given). Left alone, ASP.NET would log the key as unusable and create a new one, sealed
/// with this instance's KEK: this instance would sign everyone out and issue cookies the others cannot read.
/// Expired keys are not checked: they no longer protect anything new, and what they protected is short-lived.
/// </summary>
internal sealed class DataProtectionKeyCheck(IKeyManager keys, TimeProvider clock) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
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

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
