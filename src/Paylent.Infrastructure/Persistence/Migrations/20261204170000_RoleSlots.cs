using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Each of a subject's roles takes a place of its own (<c>role_assignments.slot</c>, unique per user and
/// per service account), so concurrent assignments cannot give a subject more roles than the limit
/// (docs/access.md). Existing assignments are numbered in the order they were made.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204170000_RoleSlots")]
public sealed class RoleSlots : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("slot", "role_assignments", nullable: false, defaultValue: 0);
        foreach (var subject in new[] { "user_id", "client_id" })
        {
            migrationBuilder.Sql($"""
                UPDATE role_assignments SET slot = (
                    SELECT COUNT(*) FROM role_assignments earlier
                    WHERE earlier.environment_id = role_assignments.environment_id AND earlier.{subject} = role_assignments.{subject}
                      AND (earlier.created_at < role_assignments.created_at OR (earlier.created_at = role_assignments.created_at AND earlier.id <= role_assignments.id)))
                WHERE {subject} IS NOT NULL
                """);
        }

        migrationBuilder.CreateIndex("ix_role_assignments_environment_id_user_id_slot", "role_assignments", ["environment_id", "user_id", "slot"], unique: true);
        migrationBuilder.CreateIndex("ix_role_assignments_environment_id_client_id_slot", "role_assignments", ["environment_id", "client_id", "slot"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_role_assignments_environment_id_user_id_slot", "role_assignments");
        migrationBuilder.DropIndex("ix_role_assignments_environment_id_client_id_slot", "role_assignments");
        migrationBuilder.Sql("ALTER TABLE role_assignments DROP COLUMN slot");
    }
}
