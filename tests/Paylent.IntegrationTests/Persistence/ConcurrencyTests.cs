using Microsoft.EntityFrameworkCore;
using Npgsql;
using Paylent.Application.Common;
using Paylent.Domain.Tenancy;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

public sealed class ConcurrencyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_save_based_on_a_stale_copy_is_a_conflict_and_the_first_save_stands(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var now = DateTime.UtcNow;
        await using (var seed = Contexts.Paylent(database))
        {
            await seed.Database.MigrateAsync();
            var account = Account.Create("acme", "Acme", now);
            seed.Accounts.Add(account);
            seed.Admins.Add(Admin.Create(account, "owner@acme.example", "hash", now));
            await seed.SaveChangesAsync();
        }

        await using var first = Contexts.Paylent(database);
        await using var second = Contexts.Paylent(database);
        var firstCopy = await first.Admins.SingleAsync();
        var secondCopy = await second.Admins.SingleAsync();

        await new UnitOfWork(first).ExecuteAsync(() =>
        {
            firstCopy.RecordSignIn(now.AddMinutes(1), upgradedHash: "first");
            return Task.FromResult(true);
        }, CancellationToken.None);

        await Assert.ThrowsAsync<ConflictException>(() => new UnitOfWork(second).ExecuteAsync(() =>
        {
            secondCopy.RecordSignIn(now.AddMinutes(2), upgradedHash: "second");
            return Task.FromResult(true);
        }, CancellationToken.None));

        await using var check = Contexts.Paylent(database);
        Assert.Equal("first", (await check.Admins.SingleAsync()).PasswordHash);
        Assert.Single(await check.AuditEvents.IgnoreQueryFilters().Where(e => e.Action == "admin.signed_in").ToListAsync());
    }

    [Fact]
    public async Task A_deadlock_postgresql_broke_is_a_conflict_as_the_execution_strategy_wraps_it_or_not()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = Contexts.Paylent(database);
        var deadlock = new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected);
        var wrapped = new InvalidOperationException(
            "An exception has been raised that is likely due to a transient failure.", new DbUpdateException("An error occurred while saving the entity changes.", deadlock));

        await Assert.ThrowsAsync<ConflictException>(() => new UnitOfWork(context).ExecuteAsync<bool>(() => throw wrapped, CancellationToken.None));
        await Assert.ThrowsAsync<ConflictException>(() => new UnitOfWork(context).ExecuteAsync<bool>(() => throw deadlock, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => new UnitOfWork(context).ExecuteAsync<bool>(() => throw new InvalidOperationException("a defect"), CancellationToken.None));
    }
}
