using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Paylent.Application.Common;
using Paylent.Application.Common.Persistence;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// One transaction per command, one save at its end. Lost races surface as
/// <see cref="ConflictException"/> so every surface can answer 409 instead of 500.
/// </summary>
internal sealed class UnitOfWork(PaylentDbContext db) : IUnitOfWork
{
    public async Task<TResult> ExecuteAsync<TResult>(Func<Task<TResult>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // A command sent from inside another one joins its transaction; the outer one saves.
            return await work();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The resource was changed by someone else; reload it and try again.");
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            throw new ConflictException("A resource with the same unique value already exists.");
        }
        finally
        {
            // A failed command leaves nothing behind for the next one in the same scope.
            db.ChangeTracker.Clear();
        }
    }

    private static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite is { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 },
        _ => false,
    };
}
