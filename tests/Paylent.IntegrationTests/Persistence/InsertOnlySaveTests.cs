using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Paylent.Domain.Tenancy;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Persistence;

/// <summary>
/// A save of inserts only goes to PostgreSQL as one batch without BEGIN and COMMIT (<see cref="PaylentDbContext"/>):
/// it must stay as atomic as a save in a transaction, on both providers, and a save that updates keeps its transaction.
/// </summary>
public sealed class InsertOnlySaveTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_save_of_inserts_that_one_of_them_fails_writes_none_of_them(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var now = DateTime.UtcNow;
        await using (var seed = Contexts.Paylent(database))
        {
            await seed.Database.MigrateAsync();
            seed.Accounts.Add(Account.Create("acme", "Acme", now));
            await seed.SaveChangesAsync();
        }

        await using (var save = Contexts.Paylent(database))
        {
            var fresh = Account.Create("fresh", "Fresh", now);
            save.Accounts.AddRange(fresh, Account.Create("acme", "Acme again", now));
            save.Admins.Add(Admin.Create(fresh, "owner@fresh.example", "hash", now));
            await Assert.ThrowsAsync<DbUpdateException>(() => save.SaveChangesAsync());
        }

        await using var check = Contexts.Paylent(database);
        Assert.Equal(["acme"], await check.Accounts.Select(a => a.Slug).ToListAsync());
        Assert.Empty(await check.Admins.ToListAsync());
    }

    [Fact]
    public async Task On_PostgreSQL_a_save_of_inserts_is_one_command_without_a_transaction_and_a_save_that_updates_keeps_it()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var round = new RoundTrips();
        var now = DateTime.UtcNow;
        await using var context = Contexts.Paylent(database, null, round);
        await context.Database.MigrateAsync();

        var account = Account.Create("acme", "Acme", now);
        var owner = Admin.Create(account, "owner@acme.example", "hash", now);
        context.Accounts.Add(account);
        context.Admins.Add(owner);
        (round.Commands, round.Transactions) = (0, 0);
        await context.SaveChangesAsync();
        Assert.Equal((1, 0), (round.Commands, round.Transactions));

        owner.RecordSignIn(now, upgradedHash: null);
        context.Admins.Add(Admin.Create(account, "second@acme.example", "hash", now));
        (round.Commands, round.Transactions) = (0, 0);
        await context.SaveChangesAsync();
        Assert.Equal((1, 1), (round.Commands, round.Transactions));
    }

    private sealed class RoundTrips : DbCommandInterceptor, IDbTransactionInterceptor
    {
        public int Commands { get; set; }

        public int Transactions { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            Transactions++;
            return ValueTask.FromResult(result);
        }
    }
}
