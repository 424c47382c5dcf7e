using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Domain.Tenancy;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// The one database context. It is where the cross-cutting persistence rules live, so no handler
/// can forget them: environment scoping (query filters and a write guard), optimistic concurrency,
/// append-only audit, and the audit capture that runs inside every save.
/// </summary>
public sealed class PaylentDbContext(DbContextOptions<PaylentDbContext> options, EnvironmentContext scope, AuditCapture audit)
    : DbContext(options), IPaylentDbContext, IEnvironmentScopedContext
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<PaylentEnvironment> Environments => Set<PaylentEnvironment>();

    public DbSet<Admin> Admins => Set<Admin>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public Guid? CurrentEnvironmentId => scope.EnvironmentId;

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
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

    private void PrepareChanges()
    {
        ChangeTracker.DetectChanges();
        EnvironmentScoping.GuardWrites(ChangeTracker, scope);
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

        audit.Capture(ChangeTracker);
    }
}
