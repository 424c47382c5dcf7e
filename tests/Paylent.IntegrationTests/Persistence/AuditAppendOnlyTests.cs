using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.Audit;
using Paylent.Domain.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

public sealed class AuditAppendOnlyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_to_update_or_delete_audit_events(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = Contexts.Paylent(database);
        await context.Database.MigrateAsync();
        context.AuditEvents.Add(Record(environmentId: null));
        await context.SaveChangesAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => context.Database.ExecuteSqlRawAsync("UPDATE audit_events SET action = 'forged'"));
        await Assert.ThrowsAnyAsync<Exception>(() => context.Database.ExecuteSqlRawAsync("DELETE FROM audit_events"));
        await Assert.ThrowsAnyAsync<Exception>(() => context.Database.ExecuteSqlRawAsync("DELETE FROM audit_event_targets"));
        Assert.Equal(["test.happened"], await context.AuditEvents.IgnoreQueryFilters().Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task The_context_refuses_to_save_a_changed_or_removed_audit_event()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var environmentId = Guid.NewGuid();
        var scope = new EnvironmentContext();
        scope.Enter(Guid.NewGuid(), environmentId);
        await using var context = Contexts.Paylent(database, scope);
        await context.Database.MigrateAsync();
        context.AuditEvents.Add(Record(environmentId));
        await context.SaveChangesAsync();

        var saved = await context.AuditEvents.SingleAsync();
        context.AuditEvents.Remove(saved);

        await Assert.ThrowsAsync<InvalidOperationException>(() => context.SaveChangesAsync());
    }

    private static AuditEvent Record(Guid? environmentId) => AuditEvent.Record(
        null, environmentId, "test.happened", AuditActor.System, [new AuditTarget("thing", "1")],
        new Dictionary<string, AuditChange>(), new Dictionary<string, string>(), DateTime.UtcNow);
}
