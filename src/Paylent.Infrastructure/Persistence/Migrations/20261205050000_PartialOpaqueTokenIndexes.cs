using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Paylent.Infrastructure.Persistence.Configurations.OAuth;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// The session and grant indexes of <c>opaque_access_tokens</c> cover only the rows that have one: every
/// lookup through them names a value, and a client_credentials token has neither, so its insert writes
/// two index entries fewer (docs/performance.md).
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261205050000_PartialOpaqueTokenIndexes")]
public sealed class PartialOpaqueTokenIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        Recreate(migrationBuilder, "ix_opaque_access_tokens_session_id", "session_id", OpaqueAccessTokenConfiguration.SessionFilter);
        Recreate(migrationBuilder, "ix_opaque_access_tokens_grant_id", "grant_id", OpaqueAccessTokenConfiguration.GrantFilter);
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
