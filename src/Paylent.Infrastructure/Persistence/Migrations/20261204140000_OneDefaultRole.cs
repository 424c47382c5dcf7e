using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Paylent.Infrastructure.Persistence.Configurations.Access;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// At most one default role per environment, as a unique partial index: marking a role default clears
/// the others, but two saves doing so at once each cleared what they read and both wrote a default, after
/// which creating a user failed. Defaults such a race already left keep only the newest.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204140000_OneDefaultRole")]
public sealed class OneDefaultRole : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            UPDATE roles SET is_default = false
            WHERE is_default AND EXISTS (
                SELECT 1 FROM roles newer
                WHERE newer.environment_id = roles.environment_id
                  AND newer.is_default
                  AND (newer.created_at > roles.created_at OR (newer.created_at = roles.created_at AND newer.id > roles.id)))
            """);
        migrationBuilder.CreateIndex(RoleConfiguration.OneDefaultIndex, "roles", "environment_id", unique: true, filter: RoleConfiguration.DefaultFilter);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(RoleConfiguration.OneDefaultIndex, "roles");
}
