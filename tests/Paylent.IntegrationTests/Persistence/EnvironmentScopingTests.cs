using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>
/// The scoping mechanism every environment-scoped entity gets from <see cref="PaylentDbContext"/>
/// (query filter + write guard), exercised with two environments on a small context of its own.
/// </summary>
public sealed class EnvironmentScopingTests
{
    private static readonly Guid AccountId = Guid.NewGuid();
    private static readonly Guid Test = Guid.NewGuid();
    private static readonly Guid Production = Guid.NewGuid();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reads_see_only_the_entered_environment_and_nothing_outside_one(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);

        Assert.Equal(["test note"], await NotesIn(database, Test));
        Assert.Equal(["production note"], await NotesIn(database, Production));
        Assert.Empty(await NotesIn(database, environment: null));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Writes_into_another_environment_are_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);
        var productionNote = await Using(database, null, db => db.Notes.IgnoreQueryFilters().SingleAsync(n => n.EnvironmentId == Production));

        await using var inTest = NotesContext.Create(database, Enter(Test));
        inTest.Notes.Add(new Note(Production, "smuggled"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => inTest.SaveChangesAsync());

        inTest.ChangeTracker.Clear();
        inTest.Notes.Attach(productionNote).Entity.Text = "tampered";
        await Assert.ThrowsAsync<InvalidOperationException>(() => inTest.SaveChangesAsync());

        inTest.ChangeTracker.Clear();
        inTest.Notes.Remove(productionNote);
        await Assert.ThrowsAsync<InvalidOperationException>(() => inTest.SaveChangesAsync());

        Assert.Equal(["production note"], await NotesIn(database, Production));
    }

    [Fact]
    public async Task Writes_outside_any_environment_are_refused_except_into_an_environment_being_created()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(database);
        var created = Guid.NewGuid();

        await using (var outside = NotesContext.Create(database, new EnvironmentContext()))
        {
            outside.Notes.Add(new Note(Test, "nowhere"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => outside.SaveChangesAsync());
        }

        await using (var provisioning = NotesContext.Create(database, new EnvironmentContext()))
        {
            provisioning.NewEnvironments.Add(created);
            provisioning.Notes.Add(new Note(created, "provisioned"));
            await provisioning.SaveChangesAsync();

            // Only new rows: an existing environment's data stays out of reach.
            provisioning.Notes.Add(new Note(Test, "smuggled"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => provisioning.SaveChangesAsync());
        }

        Assert.Equal(["provisioned"], await NotesIn(database, created));
        Assert.Equal(["test note"], await NotesIn(database, Test));
    }

    private static EnvironmentContext Enter(Guid? environment)
    {
        var scope = new EnvironmentContext();
        if (environment is { } id)
        {
            scope.Enter(AccountId, id);
        }

        return scope;
    }

    private static async Task SeedAsync(TestDatabase database)
    {
        await using (var db = NotesContext.Create(database, Enter(null)))
        {
            await db.Database.EnsureCreatedAsync();
        }

        await Using(database, Test, db => { db.Notes.Add(new Note(Test, "test note")); return db.SaveChangesAsync(); });
        await Using(database, Production, db => { db.Notes.Add(new Note(Production, "production note")); return db.SaveChangesAsync(); });
    }

    private static Task<List<string>> NotesIn(TestDatabase database, Guid? environment) =>
        Using(database, environment, db => db.Notes.Select(n => n.Text).ToListAsync());

    private static async Task<T> Using<T>(TestDatabase database, Guid? environment, Func<NotesContext, Task<T>> work)
    {
        await using var db = NotesContext.Create(database, Enter(environment));
        return await work(db);
    }

    public sealed class Note(Guid environmentId, string text) : IEnvironmentScoped
    {
        public Guid Id { get; private set; } = Guid.CreateVersion7();

        public Guid EnvironmentId { get; private set; } = environmentId;

        public string Text { get; set; } = text;
    }

    private sealed class NotesContext(DbContextOptions<NotesContext> options, EnvironmentContext scope)
        : DbContext(options), IEnvironmentScopedContext
    {
        /// <summary>Environments being created in this save (provisioning may fill them).</summary>
        public HashSet<Guid> NewEnvironments { get; } = [];

        public DbSet<Note> Notes => Set<Note>();

        public Guid? CurrentEnvironmentId => scope.EnvironmentId;

        public static NotesContext Create(TestDatabase database, EnvironmentContext scope)
        {
            var options = new DbContextOptionsBuilder<NotesContext>();
            Contexts.Use(options, database);
            return new NotesContext(options.Options, scope);
        }

        public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
        {
            ChangeTracker.DetectChanges();
            EnvironmentScoping.GuardWrites(new SavedChanges(ChangeTracker), scope, NewEnvironments);
            return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Note>().ToTable("scoping_notes");
            EnvironmentScoping.ApplyQueryFilters(modelBuilder, this);
        }
    }
}
