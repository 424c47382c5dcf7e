using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Paylent.Application.Access;
using Paylent.Application.Audit;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Domains;
using Paylent.Application.Email;
using Paylent.Application.Identity;
using Paylent.Application.OAuth;
using Paylent.Application.Organizations;
using Paylent.Application.Tenancy;
using Paylent.Domain.Access;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Domain.Domains;
using Paylent.Domain.Email;
using Paylent.Domain.Identity;
using Paylent.Domain.OAuth;
using Paylent.Domain.Organizations;
using Paylent.Domain.Tenancy;
using Paylent.Infrastructure.Domains.Certificates;
using Paylent.Infrastructure.Domains.Challenges;
using Paylent.Infrastructure.Domains.Tls;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// The one database context, behind every module's data port (<see cref="ITenancyData"/>,
/// <see cref="IIdentityData"/>, <see cref="IOAuthData"/>, <see cref="IAccessData"/>, <see cref="IOrganizationsData"/>, <see cref="IAuditData"/>, <see cref="IEmailData"/>, <see cref="IDomainsData"/>), so
/// a command that touches several modules still saves once, in one transaction. It is where the cross-cutting persistence rules live, so no handler
/// can forget them: environment scoping (query filters and a write guard), optimistic concurrency,
/// append-only audit, and the audit capture that runs inside every save. Instances are pooled: each
/// is bound to the request (DI scope) it is rented for and unbound when returned (<see cref="BindTo"/>).
/// It also holds ASP.NET's data-protection key ring (<see cref="IDataProtectionKeyContext"/>), read and
/// written through a DI scope like any other use.
/// </summary>
public sealed class PaylentDbContext(DbContextOptions<PaylentDbContext> options)
    : DbContext(options), ITenancyData, IIdentityData, IOAuthData, IAccessData, IOrganizationsData, IAuditData, IEmailData, IDomainsData, IEnvironmentScopedContext, IDataProtectionKeyContext
{
    /// <summary>Far below the batch sizes EF splits at (Npgsql: 1,000 statements), so such a save is always one batch.</summary>
    private const int MaxInsertsInOneBatch = 20;

    private RequestServices? _request;
    private bool _leased;
    private bool? _npgsql;

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<PaylentEnvironment> Environments => Set<PaylentEnvironment>();

    public DbSet<Admin> Admins => Set<Admin>();

    public DbSet<AdminSession> AdminSessions => Set<AdminSession>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<OAuthClient> OAuthClients => Set<OAuthClient>();

    public DbSet<OpaqueAccessToken> OpaqueAccessTokens => Set<OpaqueAccessToken>();

    public DbSet<RevokedAccessToken> RevokedAccessTokens => Set<RevokedAccessToken>();

    public DbSet<Grant> Grants => Set<Grant>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<Consent> Consents => Set<Consent>();

    public DbSet<Permission> Permissions => Set<Permission>();

    public DbSet<Role> Roles => Set<Role>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<TokenIssuanceCount> TokenIssuanceCounts => Set<TokenIssuanceCount>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<UserToken> UserTokens => Set<UserToken>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<CustomDomain> CustomDomains => Set<CustomDomain>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Custom domains' certificates (<c>Domains/Tls</c>), reached only through its store and loader.</summary>
    public DbSet<StoredCertificate> TlsCertificates => Set<StoredCertificate>();

    /// <summary>Pending ACME HTTP-01 answers (<c>Domains/Challenges</c>).</summary>
    public DbSet<PendingChallenge> AcmeChallenges => Set<PendingChallenge>();

    /// <summary>The install's ACME account keys (<c>Domains/Certificates</c>).</summary>
    public DbSet<AcmeAccountRecord> AcmeAccounts => Set<AcmeAccountRecord>();

    /// <summary>Per-domain order leases and failure counts (<c>Domains/Certificates</c>).</summary>
    public DbSet<CertificateAttempt> CertificateAttempts => Set<CertificateAttempt>();

    /// <summary>Orders sent to the CA, for the per-account limit (<c>Domains/Certificates</c>).</summary>
    public DbSet<CertificateOrderRecord> CertificateOrders => Set<CertificateOrderRecord>();

    /// <summary>Null when unbound: then the query filters show no environment's data (fail closed).</summary>
    public Guid? CurrentEnvironmentId => _request?.Scope.EnvironmentId;

    private RequestServices Request => _request ?? throw new InvalidOperationException("The context is not bound to a request.");

    /// <summary>Binds the context to the request it serves: its environment, its audit capture, who follows its saves (caches).</summary>
    internal PaylentDbContext BindTo(EnvironmentContext scope, AuditCapture audit, IReadOnlyList<ISaveObserver>? observers = null)
    {
        if (_request is not null)
        {
            throw new InvalidOperationException("The context is already bound to a request.");
        }

        _request = new RequestServices(scope, audit, observers ?? []);
        return this;
    }

    /// <summary>Marks the context as held by a DI scope's <see cref="PaylentDbContextLease"/>, which alone returns it.</summary>
    internal PaylentDbContext Leased()
    {
        _leased = true;
        return this;
    }

    /// <summary>
    /// Back to the pool, unbound, exactly once per rental: its lease does this when the scope ends. The
    /// scope also disposes every registration that resolved to this instance (the context and each
    /// module's data port), before the lease it resolved first; a second return would dispose a pooled
    /// context for good or hand another request's rental back to the pool, so those calls do nothing.
    /// </summary>
    internal ValueTask ReturnAsync()
    {
        Release();
        return base.DisposeAsync();
    }

    internal void Return()
    {
        Release();
        base.Dispose();
    }

    public override void Dispose()
    {
        if (!_leased)
        {
            Release();
            base.Dispose();
        }
    }

    public override ValueTask DisposeAsync() => _leased ? default : ReturnAsync();

    // Unbound before it goes back to the pool, so no request's environment carries over to the next.
    private void Release()
    {
        _request = null;
        _leased = false;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var detectedOnce = new DetectedOnce(ChangeTracker);
        var (afterCommit, oneImplicitTransaction) = PrepareChanges();
        using (oneImplicitTransaction ? new WithoutExplicitTransaction(Database) : null)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            Run(afterCommit);
            return saved;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var detectedOnce = new DetectedOnce(ChangeTracker);
        var (afterCommit, oneImplicitTransaction) = PrepareChanges();
        using (oneImplicitTransaction ? new WithoutExplicitTransaction(Database) : null)
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            Run(afterCommit);
            return saved;
        }
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

    /// <returns>What the save's observers do once it has committed, and whether it commits without BEGIN and COMMIT (<see cref="IsOneImplicitTransaction"/>).</returns>
    /// <remarks>
    /// Changes are detected once, here, and what is written is listed once (<see cref="SavedChanges"/>): the
    /// guard, the audit capture and each observer read that list, and the save itself does not detect
    /// again (<see cref="DetectedOnce"/>). Nothing here changes a tracked property but the version bump,
    /// which is detected on its entry alone.
    /// </remarks>
    private (IReadOnlyList<Action> AfterCommit, bool OneImplicitTransaction) PrepareChanges()
    {
        ChangeTracker.DetectChanges();
        var saved = new SavedChanges(ChangeTracker);
        var newEnvironments = saved.Of<PaylentEnvironment>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).ToHashSet();
        EnvironmentScoping.GuardWrites(saved, Request.Scope, newEnvironments);
        foreach (var entry in saved.All)
        {
            if (entry.Entity is AuditEvent && entry.State != EntityState.Added)
            {
                throw new InvalidOperationException("Audit events are append-only.");
            }

            if (entry.State == EntityState.Modified && entry.Entity is AggregateRoot aggregate)
            {
                aggregate.BumpVersion();
                entry.DetectChanges();
            }
        }

        var afterCommit = Request.Observers.SelectMany(observer => observer.Collect(saved)).ToList();
        var events = Request.Audit.Capture(saved);
        AddRange(events);
        return (afterCommit, IsOneImplicitTransaction(saved, events.Count));
    }

    /// <summary>
    /// Whether the save can do without the transaction EF opens for a save of several statements. On
    /// PostgreSQL it can when the save only inserts rows whose keys it already has, a few at most: EF sends
    /// them as one batch, which PostgreSQL runs as one implicit transaction (one Sync: an error in any
    /// statement rolls back the others, Npgsql's batch semantics), so BEGIN and COMMIT would add a round
    /// trip and no atomicity. An update or delete keeps it: EF checks its rows affected (optimistic
    /// concurrency) after the batch, and must still be able to roll the save back then. So does SQLite,
    /// which EF sends statement by statement, and a save inside a transaction of its own.
    /// </summary>
    private bool IsOneImplicitTransaction(SavedChanges saved, int auditEvents) =>
        saved.All.Count + auditEvents is > 1 and <= MaxInsertsInOneBatch
        && Database.CurrentTransaction is null
        && (_npgsql ??= Database.IsNpgsql())
        && saved.All.All(entry => entry.State == EntityState.Added && !entry.Metadata.FindPrimaryKey()!.Properties.Any(key => entry.Property(key.Name).IsTemporary));

    /// <summary>This instance's caches see its own changes at once; other instances' within their refresh interval.</summary>
    private static void Run(IReadOnlyList<Action> afterCommit)
    {
        foreach (var action in afterCommit)
        {
            action();
        }
    }

    /// <summary>
    /// EF's automatic scans for changes turned off, for as long as it is disposed: <see cref="PrepareChanges"/>
    /// detects them once, and EF would scan again on each <c>Entry</c> the observers ask for and once more
    /// at the start of the save.
    /// </summary>
    private sealed class DetectedOnce : IDisposable
    {
        private readonly ChangeTracker _tracker;
        private readonly bool _detecting;

        public DetectedOnce(ChangeTracker tracker)
        {
            (_tracker, _detecting) = (tracker, tracker.AutoDetectChangesEnabled);
            tracker.AutoDetectChangesEnabled = false;
        }

        public void Dispose() => _tracker.AutoDetectChangesEnabled = _detecting;
    }

    /// <summary>The save's own transaction turned off, for as long as it is disposed.</summary>
    private sealed class WithoutExplicitTransaction : IDisposable
    {
        private readonly DatabaseFacade _database;
        private readonly AutoTransactionBehavior _behavior;

        public WithoutExplicitTransaction(DatabaseFacade database)
        {
            (_database, _behavior) = (database, database.AutoTransactionBehavior);
            database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        }

        public void Dispose() => _database.AutoTransactionBehavior = _behavior;
    }

    private sealed record RequestServices(EnvironmentContext Scope, AuditCapture Audit, IReadOnlyList<ISaveObserver> Observers);
}
