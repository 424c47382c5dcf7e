using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Paylent.Application.Common;
using Paylent.Application.Common.Persistence;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// One save at the end of each command, so it commits whole or not at all. Lost races surface as
/// <see cref="ConflictException"/> so every surface can answer 409 instead of 500.
/// </summary>
internal sealed class UnitOfWork(PaylentDbContext db) : IUnitOfWork
{
    public async Task<TResult> ExecuteAsync<TResult>(Func<Task<TResult>> work, CancellationToken cancellationToken)
    {
        try
        {
            var result = await work();

            // One save: EF wraps it (the changes and their audit events) in a single transaction.
            // A command that changed nothing (a JWT issuance, the token hot path) skips it entirely.
            // The tracker is cleared below, so the save need not mark what it wrote as unchanged.
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            }

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
        catch (DbUpdateException exception) when (IsForeignKeyViolation(exception))
        {
            // What the command checked existed was deleted before its save (a membership added as its user
            // is deleted, a token refreshed as its grant goes): a lost race like the others, not a 500.
            throw new ConflictException("Something this request refers to was deleted at the same time; reload it and try again.");
        }
        catch (Exception exception) when (IsDeadlock(exception))
        {
            // Two saves each waited on a row or a unique key the other had written (assignments racing for a
            // subject's places, inserted in no common order), and PostgreSQL aborted this one: a lost race.
            throw new ConflictException("The resource was changed by someone else at the same time; try again.");
        }
        finally
        {
            // A failed command leaves nothing behind for the next one in the same scope.
            db.ChangeTracker.Clear();
        }
    }

    internal static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite is { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 },
        _ => false,
    };

    // Npgsql's execution strategy wraps a transient error, which a deadlock is, in an InvalidOperationException
    // around EF's DbUpdateException: look through the chain.
    private static bool IsDeadlock(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsForeignKeyViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        SqliteException sqlite => sqlite is { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 },
        _ => false,
    };
}
