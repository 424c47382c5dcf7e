using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;
using Paylent.Domain.Tenancy;
using Paylent.Infrastructure.OAuth;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// The one database context. It is where the cross-cutting persistence rules live, so no handler
/// can forget them: environment scoping (query filters and a write guard), optimistic concurrency,
/// append-only audit, and the audit capture that runs inside every save.
/// </summary>
public sealed class PaylentDbContext(
    DbContextOptions<PaylentDbContext> options, EnvironmentContext scope, AuditCapture audit, OAuthCacheInvalidation? caches = null)
    : DbContext(options), IPaylentDbContext, IEnvironmentScopedContext
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<PaylentEnvironment> Environments => Set<PaylentEnvironment>();

    public DbSet<Admin> Admins => Set<Admin>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<OAuthClient> OAuthClients => Set<OAuthClient>();

    public DbSet<OpaqueAccessToken> OpaqueAccessTokens => Set<OpaqueAccessToken>();

    public DbSet<RevokedAccessToken> RevokedAccessTokens => Set<RevokedAccessToken>();

    public Guid? CurrentEnvironmentId => scope.EnvironmentId;

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var stale = PrepareChanges();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        Invalidate(stale);
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var stale = PrepareChanges();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        Invalidate(stale);
        return saved;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PaylentDbContext).Assembly);
        EnvironmentScoping.ApplyQueryFilters(modelBuilder, this);
        // Account-level events have no environment; C# null semantics would match them when none is entered.
        modelBuilder.Entity<AuditEvent>().HasQueryFilter(e => e.EnvironmentId != null && e.EnvironmentId == CurrentEnvironmentId);
        SnakeCaseNaming.Apply(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <returns>The cache invalidations this save calls for.</returns>
    private IReadOnlyList<Action> PrepareChanges()
    {
        ChangeTracker.DetectChanges();
        var newEnvironments = ChangeTracker.Entries<PaylentEnvironment>()
            .Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).ToHashSet();
        EnvironmentScoping.GuardWrites(ChangeTracker, scope, newEnvironments);
        foreach (var entry in ChangeTracker.Entries<AuditEvent>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("Audit events are append-only.");
            }
        }

        foreach (var entry in ChangeTracker.Entries<AggregateRoot>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.BumpVersion();
            }
        }

        var stale = caches?.Collect(ChangeTracker) ?? [];
        audit.Capture(ChangeTracker);
        return stale;
    }

    /// <summary>This instance sees its own changes at once; others within the caches' refresh interval.</summary>
    private static void Invalidate(IReadOnlyList<Action> stale)
    {
        foreach (var invalidate in stale)
        {
            invalidate();
        }
    }
}
