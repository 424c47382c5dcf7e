using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>Assignments made before roles took places get distinct ones, numbered per subject in the order they were made.</summary>
public sealed class RoleSlotsMigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Existing_assignments_take_the_first_places_of_their_subject_in_the_order_they_were_made(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = Contexts.Paylent(database);
        await context.GetService<IMigrator>().MigrateAsync("20261204160000_PartialTokenIndexes");
        var (account, environment) = (Guid.NewGuid(), Guid.NewGuid());
        var roles = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

        object Id(Guid id) => RawRows.Id(provider, id);
        await RawRows.InsertEnvironmentsAsync(context, provider, account, now, (environment, "test"));
        foreach (var (role, i) in roles.Select((role, i) => (role, i)))
        {
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO roles (id, environment_id, slug, normalized_slug, name, description, client_id, is_default, permissions, included_role_ids, created_at, updated_at, version)
                VALUES ({Id(role)}, {Id(environment)}, {"r" + i}, {"r" + i}, 'Role', NULL, NULL, {false}, '[]', '[]', {now}, {now}, {Id(Guid.NewGuid())})
                """);
        }

        // Made in the order 2, 0, 1 for one service account (two at the same instant), and once for another.
        var made = new (string Client, Guid Role, DateTime At)[]
        {
            ("svc", roles[2], now), ("svc", roles[0], now.AddMinutes(1)), ("svc", roles[1], now.AddMinutes(1)), ("other", roles[0], now.AddMinutes(2)),
        };
        var ids = new List<Guid>();
        foreach (var (client, role, at) in made)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO role_assignments (id, environment_id, role_id, user_id, client_id, created_at, version)
                VALUES ({Id(id)}, {Id(environment)}, {Id(role)}, NULL, {client}, {at}, {Id(Guid.NewGuid())})
                """);
        }

        await context.Database.MigrateAsync();

        var assignments = await context.RoleAssignments.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(a => a.Id);
        Assert.Equal(1, assignments[ids[0]].Slot);
        var sameInstant = new[] { ids[1], ids[2] }.OrderBy(id => Id(id).ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal([2, 3], sameInstant.Select(id => assignments[id].Slot));
        Assert.Equal(1, assignments[ids[3]].Slot);
    }
}
