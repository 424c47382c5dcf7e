using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Drops the session and grant indexes of <c>opaque_access_tokens</c>: nothing looks a token up by either
/// (introspection and revocation find it by its hash and check its session and grant by their keys;
/// pruning goes by expiry), so they only cost every opaque token of a user flow two index entries.
/// </summary>
/// <remarks>
/// A plain <c>DROP INDEX</c> inside the migration's transaction, not <c>CONCURRENTLY</c>: dropping is a
/// catalog change, its lock is held for no scan, and a statement outside the transaction would also run
/// outside EF's migration lock, so two instances starting at once could both apply it.
/// </remarks>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261205080000_DropUnusedOpaqueTokenIndexes")]
public sealed class DropUnusedOpaqueTokenIndexes : Migration
{
    private const string Table = "opaque_access_tokens";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_opaque_access_tokens_session_id", Table);
        migrationBuilder.DropIndex("ix_opaque_access_tokens_grant_id", Table);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("ix_opaque_access_tokens_session_id", Table, "session_id", filter: "session_id IS NOT NULL");
        migrationBuilder.CreateIndex("ix_opaque_access_tokens_grant_id", Table, "grant_id", filter: "grant_id IS NOT NULL");
    }
}
