using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Tenancy;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Tenancy;

/// <summary>The <c>Paylent:Bootstrap</c> section: what the first start creates.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Paylent:Bootstrap";

    public string AccountSlug { get; set; } = "demo";

    public string AdminEmail { get; set; } = "admin@demo.localhost";

    /// <summary>Generated (and printed once) when not configured.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>
    /// The <c>paylent-management</c> client's secret in every bootstrapped environment; when not
    /// configured, each environment gets its own generated secret.
    /// </summary>
    public string? ManagementClientSecret { get; set; }
}

/// <summary>What the first start created; the generated password and secrets are in memory only, to be shown once.</summary>
public sealed record BootstrapResult(CreatedAccount Account, string AdminEmail, string AdminPassword, bool PasswordGenerated);

/// <summary>
/// Creates the first account, its environments and admin on an empty database. Idempotent: once any
/// account exists it does nothing, so a restart never adds an account or changes a secret.
/// </summary>
public sealed class Bootstrapper(IServiceScopeFactory scopes, IOptions<BootstrapOptions> options)
{
    public async Task<BootstrapResult?> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaylentDbContext>();
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return null;
        }

        var settings = options.Value;
        var password = settings.AdminPassword ?? GeneratePassword();
        try
        {
            var account = await scope.ServiceProvider.GetRequiredService<IDispatcher>().Send(
                new CreateAccount(settings.AccountSlug, settings.AccountSlug, settings.AdminEmail, password, settings.ManagementClientSecret), cancellationToken);
            return new BootstrapResult(account, settings.AdminEmail, password, settings.AdminPassword is null);
        }
        catch (ConflictException)
        {
            // Another instance bootstrapped at the same moment; its account stands.
            return null;
        }
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}
