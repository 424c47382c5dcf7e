using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// The session and grant indexes of <c>opaque_access_tokens</c> cover only the rows that have one: every
/// lookup through them names a value, and a client_credentials token has neither, so its insert writes
/// two index entries fewer (docs/performance.md). Nothing turned out to look tokens up by either: the
/// next migration drops them (<see cref="DropUnusedOpaqueTokenIndexes"/>).
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261205050000_PartialOpaqueTokenIndexes")]
public sealed class PartialOpaqueTokenIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        Recreate(migrationBuilder, "ix_opaque_access_tokens_session_id", "session_id", "session_id IS NOT NULL");
        Recreate(migrationBuilder, "ix_opaque_access_tokens_grant_id", "grant_id", "grant_id IS NOT NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        Recreate(migrationBuilder, "ix_opaque_access_tokens_session_id", "session_id", filter: null);
        Recreate(migrationBuilder, "ix_opaque_access_tokens_grant_id", "grant_id", filter: null);
    }

    private static void Recreate(MigrationBuilder migrationBuilder, string name, string column, string? filter)
    {
        migrationBuilder.DropIndex(name, "opaque_access_tokens");
        migrationBuilder.CreateIndex(name, "opaque_access_tokens", column, filter: filter);
    }
}
