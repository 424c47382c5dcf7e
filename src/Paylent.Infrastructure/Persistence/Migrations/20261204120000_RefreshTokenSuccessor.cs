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

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_refresh_tokens_replaces_token_id", "refresh_tokens");
        migrationBuilder.DropColumn("replaces_token_id", "refresh_tokens");
    }
}
