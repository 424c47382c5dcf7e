using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// A rotated refresh token is spent by its successor naming it (<c>replaces_token_id</c>, unique), so a
/// rotation inserts one row instead of also updating the spent one (docs/performance.md). Tokens rotated
/// before keep their <c>rotated_at</c>, which still spends them until they are pruned with their grant.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204120000_RefreshTokenSuccessor")]
public sealed class RefreshTokenSuccessor : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("replaces_token_id", "refresh_tokens", nullable: true);
        migrationBuilder.CreateIndex("ix_refresh_tokens_replaces_token_id", "refresh_tokens", "replaces_token_id", unique: true);
    }

    // Before the column goes, every token its successor spends is marked as the code before this migration
    // reads it, or a downgrade would make every token rotated since usable again (and its reuse undetected).
    // ALTER TABLE ... DROP COLUMN as plain SQL: EF's SQLite generator cannot drop a column without the model.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            UPDATE refresh_tokens SET rotated_at = (SELECT s.created_at FROM refresh_tokens s WHERE s.replaces_token_id = refresh_tokens.id)
            WHERE rotated_at IS NULL AND EXISTS (SELECT 1 FROM refresh_tokens s WHERE s.replaces_token_id = refresh_tokens.id)
            """);
        migrationBuilder.DropIndex("ix_refresh_tokens_replaces_token_id", "refresh_tokens");
        migrationBuilder.Sql("ALTER TABLE refresh_tokens DROP COLUMN replaces_token_id");
    }
}
