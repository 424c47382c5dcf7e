using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// A redeemed authorization code is one a grant names (<c>grants.authorization_code_id</c>, unique), so a
/// redemption inserts its grant and refresh token and updates nothing (docs/performance.md). The codes
/// redeemed before hand their grant over; their <c>grant_id</c> and <c>redeemed_at</c> go.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204130000_GrantNamesItsCode")]
public sealed class GrantNamesItsCode : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("authorization_code_id", "grants", nullable: true);
        migrationBuilder.Sql("""
            UPDATE grants SET authorization_code_id = (SELECT c.id FROM authorization_codes c WHERE c.grant_id = grants.id)
            WHERE EXISTS (SELECT 1 FROM authorization_codes c WHERE c.grant_id = grants.id)
            """);
        migrationBuilder.CreateIndex("ix_grants_authorization_code_id", "grants", "authorization_code_id", unique: true);
        DropColumn(migrationBuilder, "authorization_codes", "grant_id");
        DropColumn(migrationBuilder, "authorization_codes", "redeemed_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>("redeemed_at", "authorization_codes", nullable: true);
        migrationBuilder.AddColumn<Guid>("grant_id", "authorization_codes", nullable: true);
        migrationBuilder.Sql("""
            UPDATE authorization_codes SET
                grant_id = (SELECT g.id FROM grants g WHERE g.authorization_code_id = authorization_codes.id),
                redeemed_at = (SELECT g.created_at FROM grants g WHERE g.authorization_code_id = authorization_codes.id)
            WHERE EXISTS (SELECT 1 FROM grants g WHERE g.authorization_code_id = authorization_codes.id)
            """);
        migrationBuilder.DropIndex("ix_grants_authorization_code_id", "grants");
        DropColumn(migrationBuilder, "grants", "authorization_code_id");
    }

    // EF's SQLite generator cannot drop a column without the target model (a hand-written migration has
    // none); ALTER TABLE ... DROP COLUMN is plain SQL on both (SQLite 3.35+), for columns in no index or key.
    private static void DropColumn(MigrationBuilder migrationBuilder, string table, string column) =>
        migrationBuilder.Sql($"ALTER TABLE {table} DROP COLUMN {column}");
}
