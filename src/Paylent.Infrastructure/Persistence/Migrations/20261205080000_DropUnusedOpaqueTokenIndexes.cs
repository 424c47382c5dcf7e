using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Drops the session and grant indexes of <c>opaque_access_tokens</c>: nothing looks a token up by either
/// (introspection and revocation find it by its hash and check its session and grant by their keys;
/// pruning goes by expiry), so they only cost every opaque token of a user flow two index entries.
/// On PostgreSQL they go <c>CONCURRENTLY</c>, outside the migration's transaction, so a running
/// instance's token reads and writes never wait behind the migration's lock on the table.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261205080000_DropUnusedOpaqueTokenIndexes")]
public sealed class DropUnusedOpaqueTokenIndexes : Migration
{
    private const string Table = "opaque_access_tokens";
    private const string SessionIndex = "ix_opaque_access_tokens_session_id";
    private const string GrantIndex = "ix_opaque_access_tokens_grant_id";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var index in new[] { SessionIndex, GrantIndex })
        {
            if (migrationBuilder.IsNpgsql())
            {
                migrationBuilder.Sql($"DROP INDEX CONCURRENTLY IF EXISTS {index};", suppressTransaction: true);
            }
            else
            {
                migrationBuilder.DropIndex(index, Table);
            }
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var (index, column, filter) in new[]
        {
            (SessionIndex, "session_id", "session_id IS NOT NULL"),
            (GrantIndex, "grant_id", "grant_id IS NOT NULL"),
        })
        {
            if (migrationBuilder.IsNpgsql())
            {
                migrationBuilder.Sql($"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {Table} ({column}) WHERE {filter};", suppressTransaction: true);
            }
            else
            {
                migrationBuilder.CreateIndex(index, Table, column, filter: filter);
            }
        }
    }
}
