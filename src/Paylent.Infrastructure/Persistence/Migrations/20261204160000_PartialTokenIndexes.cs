using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Paylent.Infrastructure.Persistence.Configurations.OAuth;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Three indexes of the token tables cover only the rows that have a value: revoked grants, grants an
/// organization switch started, refresh tokens that replace another. Every lookup through them names a
/// value, and the rows a code redemption inserts have none, so it writes three index entries fewer
/// (docs/performance.md).
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204160000_PartialTokenIndexes")]
public sealed class PartialTokenIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        Recreate(migrationBuilder, "ix_grants_revoked_at", "grants", "revoked_at", unique: false, GrantConfiguration.RevokedFilter);
        Recreate(migrationBuilder, "ix_grants_switched_from_grant_id", "grants", "switched_from_grant_id", unique: false, GrantConfiguration.SwitchedFilter);
        Recreate(migrationBuilder, "ix_refresh_tokens_replaces_token_id", "refresh_tokens", "replaces_token_id", unique: true, RefreshTokenConfiguration.ReplacesFilter);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        Recreate(migrationBuilder, "ix_grants_revoked_at", "grants", "revoked_at", unique: false, filter: null);
        Recreate(migrationBuilder, "ix_grants_switched_from_grant_id", "grants", "switched_from_grant_id", unique: false, filter: null);
        Recreate(migrationBuilder, "ix_refresh_tokens_replaces_token_id", "refresh_tokens", "replaces_token_id", unique: true, filter: null);
    }

    private static void Recreate(MigrationBuilder migrationBuilder, string name, string table, string column, bool unique, string? filter)
    {
        migrationBuilder.DropIndex(name, table);
        migrationBuilder.CreateIndex(name, table, column, unique: unique, filter: filter);
    }
}
