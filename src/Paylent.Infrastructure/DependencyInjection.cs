using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Paylent.Application.Access;
using Paylent.Application.Audit;
using Paylent.Application.Audit.Contracts;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Application.Domains;
using Paylent.Application.Email;
using Paylent.Application.Email.Contracts;
using Paylent.Application.Identity;
using Paylent.Application.Identity.Sessions;
using Paylent.Application.OAuth;
using Paylent.Application.Organizations;
using Paylent.Application.Tenancy;
using Paylent.Infrastructure.Access;
using Paylent.Infrastructure.Audit;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Common.DataProtection;
using Paylent.Infrastructure.Common.Security;
using Paylent.Infrastructure.Domains;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Domains.Challenges;
using Paylent.Infrastructure.Domains.Tls;
using Paylent.Infrastructure.Email;
using Paylent.Infrastructure.Identity;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Organizations;
using Paylent.Infrastructure.Persistence;
using Paylent.Infrastructure.Tenancy;

namespace Paylent.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PaylentOptions>(configuration.GetSection(PaylentOptions.Section));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<PasswordHashingOptions>(configuration.GetSection(PasswordHashingOptions.Section));
        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.Configure<KeyEncryptionOptions>(configuration.GetSection(KeyEncryptionOptions.Section));
        services.Configure<SigningKeyOptions>(configuration.GetSection(SigningKeyOptions.Section));
        services.AddOptions<OAuthCacheOptions>().Bind(configuration.GetSection(OAuthCacheOptions.Section))
            .Validate(o => o.IsValid, OAuthCacheOptions.Invalid).ValidateOnStart();

        services.Configure<IdentityOptions>(configuration.GetSection(IdentityOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IdentityOptions>>().Value.ToPolicies());
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section))
            .Validate(o => o.IsValid, DashboardOptions.Invalid).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value.ToSessionPolicy());
        services.AddOptions<PruningOptions>().Bind(configuration.GetSection(PruningOptions.Section))
            .Validate(o => o.IsValid, PruningOptions.Invalid).ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<IPasswordHasher, Argon2PasswordHasher>();
        services.AddBackgroundJobs(configuration);

        // Pooled: EF builds a context's internal services once per pooled instance, not once per request.
        services.AddPooledDbContextFactory<PaylentDbContext>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
            if (database.Provider == DatabaseProvider.Postgres)
            {
                options.UseNpgsql(WithPoolDefaults(connectionString ?? throw new InvalidOperationException(
                    $"Database:Provider is Postgres, so ConnectionStrings:{DatabaseOptions.ConnectionStringName} must be set.")));
            }
            else
            {
                var paylent = provider.GetRequiredService<IOptions<PaylentOptions>>().Value;
                options.UseSqlite(connectionString ?? $"Data Source={paylent.DataPath("paylent.db")}");
            }

            // Migrations are hand-written (no design-time tooling here), so there is no model
            // snapshot to compare with; the schema test proves migrations and model agree instead.
            // A failed command or save is the unit of work's to judge: a lost race (a unique or foreign
            // key violation, a changed version) is answered 409 or run again, not an error, and anything
            // else reaches the request's error handler or the job's log with its exception. EF's own
            // report of each stays at Debug, so operators are not paged for a double click.
            options.ConfigureWarnings(w => w
                .Ignore(RelationalEventId.PendingModelChangesWarning)
                .Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug), (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug)));
        });
        services.AddScoped<PaylentDbContextLease>();
        services.AddScoped(sp => sp.GetRequiredService<PaylentDbContextLease>().Context);
        services.AddScoped<ITenancyData>(sp => sp.GetRequiredService<PaylentDbContext>());
        services.AddScoped<IIdentityData>(sp => sp.GetRequiredService<PaylentDbContext>());
        services.AddScoped<IOAuthData>(sp => sp.GetRequiredService<PaylentDbContext>());
        services.AddScoped<IAccessData>(sp => sp.GetRequiredService<PaylentDbContext>());
        services.AddScoped<IOrganizationsData>(sp => sp.GetRequiredService<PaylentDbContext>());
        services.AddScoped<IAuditData>(sp => sp.GetRequiredService<PaylentDbContext>());
        services.AddScoped<IEmailData>(sp => sp.GetRequiredService<PaylentDbContext>());
        services.AddScoped<IDomainsData>(sp => sp.GetRequiredService<PaylentDbContext>());
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<AuditCapture>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<Bootstrapper>();
        services.AddSingleton<KeyEncryption>();
        services.AddPaylentDataProtection();
        services.AddSingleton<SigningKeyCache>();
        services.AddSingleton<SigningKeyStartup>();
        services.AddSingleton<ClientCache>();
        services.AddSingleton<RevocationCache>();
        services.AddSingleton<OAuthCacheInvalidation>();
        services.AddSingleton<ISaveObserver>(sp => sp.GetRequiredService<OAuthCacheInvalidation>());
        services.AddSingleton<RoleGraphCache>();
        services.AddSingleton<AssignedRolesCache>();
        services.AddScoped<IAssignedRoles, AssignedRoles>();
        services.AddSingleton<AccessCacheInvalidation>();
        services.AddSingleton<ISaveObserver>(sp => sp.GetRequiredService<AccessCacheInvalidation>());
        services.AddScoped<IRoleGraphCache, RoleGraphs>();
        services.AddSingleton<ActiveMembershipsCache>();
        services.AddScoped<IActiveMemberships, ActiveMemberships>();
        services.AddSingleton<OrganizationCacheInvalidation>();
        services.AddSingleton<ISaveObserver>(sp => sp.GetRequiredService<OrganizationCacheInvalidation>());
        services.AddSingleton<SessionCache>();
        services.AddScoped<ISessionCache, CachedSessions>();
        services.AddSingleton<IdentityCacheInvalidation>();
        services.AddSingleton<ISaveObserver>(sp => sp.GetRequiredService<IdentityCacheInvalidation>());
        services.AddSingleton<SaveObservers>();
        services.AddScoped<IOAuthCache, OAuthCache>();
        services.AddSingleton<ISigningKeyGenerator, SigningKeyGenerator>();
        services.AddScoped<ITokenSigner, TokenSigner>();
        services.AddSingleton<IAuthorizationCodeSeal, SealedAuthorizationCodes>();
        services.AddScoped<IEmailOutbox, EmailOutbox>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddAcmeClient(configuration);
        services.AddCustomDomainServing(configuration);
        services.AddDomains(configuration);
        services.AddRecurringJob<DataPruner>("data-pruning", DataPruner.Schedule);
        services.AddRecurringJob<ExpireInvitations>("expire-invitations", ExpireInvitations.Schedule);
        services.AddSingleton<TokenIssuanceFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenIssuanceFlusher>());
        return services;
    }

    /// <summary>
    /// The cross-instance change signal and what custom domains are served with: certificates by SNI
    /// (kept current on every instance through the signal), the HTTP-01 answers, and the active domains
    /// host routing serves (docs/domains.md).
    /// </summary>
    private static void AddCustomDomainServing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ChangeSignal>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PostgresChangeListener>(sp, configuration));
        services.AddOptions<TlsOptions>().Bind(configuration.GetSection(TlsOptions.Section))
            .Validate(o => o.IsValid, TlsOptions.Invalid).ValidateOnStart();
        services.AddSingleton<TlsCertificates>();
        services.AddSingleton<ITlsCertificateStore, TlsCertificateStore>();
        services.AddSingleton<ISaveObserver, TlsCertificateChanges>();
        services.AddSingleton<TlsCertificateLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<TlsCertificateLoader>());
        services.AddSingleton<IAcmeChallengeStore, AcmeChallengeStore>();
        services.AddSingleton<ISaveObserver, AcmeChallengeChanges>();
        services.AddSingleton<AcmeChallengeResponder>();
        services.AddHostedService(sp => sp.GetRequiredService<AcmeChallengeResponder>());
        services.AddSingleton<ISaveObserver, CustomDomainChanges>();
        services.AddSingleton<CustomDomainHosts>();
        services.AddHostedService(sp => sp.GetRequiredService<CustomDomainHosts>());
    }

    /// <summary>
    /// Npgsql defaults tuned for the token hot path, each unless the connection string decides:
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare=64</c>: PostgreSQL parses and plans the statements a connection runs
    /// most once per connection rather than on every token request (<c>Max Auto Prepare=0</c> turns it
    /// off, e.g. behind a pooler without prepared-statement support).</item>
    /// <item><c>No Reset On Close=true</c>: a pooled connection is not reset on reuse. The reset is seven
    /// statements (<c>RESET ALL</c>, <c>CLOSE ALL</c>, <c>UNLISTEN *</c>, <c>pg_advisory_unlock_all()</c>,
    /// <c>DISCARD SEQUENCES</c>, <c>DISCARD TEMP</c>, ...) that PostgreSQL runs before every command
    /// that reopens a connection, several per code flow, and there is nothing to reset: Paylent never
    /// changes a pooled session's state (no <c>SET</c>, no temporary tables, only transaction-scoped
    /// advisory locks; LISTEN runs on its own unpooled connection). Npgsql still rolls back a
    /// transaction left open.</item>
    /// </list>
    /// </summary>
    internal static string WithPoolDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }

        return tuned.ConnectionString;
    }
}
