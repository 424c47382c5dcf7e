using Microsoft.EntityFrameworkCore;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>
/// Migrations are hand-written (no EF design-time tooling here), so this proves they build exactly
/// the schema the model describes: one database migrated, one created straight from the model,
/// their catalogs compared line by line.
/// </summary>
public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrating_an_empty_database_yields_exactly_the_model_schema(DatabaseProvider provider)
    {
        await using var migratedDatabase = await TestDatabase.CreateAsync(provider);
        await using var modelDatabase = await TestDatabase.CreateAsync(provider);
        await using var migrated = Contexts.Paylent(migratedDatabase);
        await using var model = Contexts.Paylent(modelDatabase);

        await migrated.Database.MigrateAsync();
        await model.Database.EnsureCreatedAsync();

        var expected = await SchemaReader.ReadAsync(model, provider);
        var actual = await SchemaReader.ReadAsync(migrated, provider);
        Assert.NotEmpty(expected);
        var missing = expected.Except(actual).Select(line => "  model only:     " + line);
        var extra = actual.Except(expected).Select(line => "  migration only: " + line);
        Assert.True(expected.SequenceEqual(actual), "Migrations and model differ:\n" + string.Join('\n', missing.Concat(extra)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrating_twice_is_a_no_op(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = Contexts.Paylent(database);

        await context.Database.MigrateAsync();
        await context.Database.MigrateAsync();

        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
    }
}
