using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Dashboard admins as well protected as end users: a failed sign-in count and lock per admin, and
/// server-side dashboard sessions that sign-out and revocation end. Dashboard cookies issued before
/// this migration name no session, so every admin signs in once more.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203010000_AdminSecurity")]
public sealed class AdminSecurity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("failed_sign_ins", "admins", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<DateTime>("locked_until", "admins", nullable: true);

        migrationBuilder.CreateTable(
            name: "admin_sessions",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                account_id = table.Column<Guid>(nullable: false),
                admin_id = table.Column<Guid>(nullable: false),
                token_hash = table.Column<string>(maxLength: 64, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                last_seen_at = table.Column<DateTime>(nullable: false),
                idle_expires_at = table.Column<DateTime>(nullable: false),
                absolute_expires_at = table.Column<DateTime>(nullable: false),
                ip_address = table.Column<string>(maxLength: 45, nullable: true),
                user_agent = table.Column<string>(maxLength: 512, nullable: true),
                ended_at = table.Column<DateTime>(nullable: true),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_admin_sessions", x => x.id);
                table.ForeignKey("fk_admin_sessions_admins_admin_id", x => x.admin_id, "admins", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_admin_sessions_token_hash", "admin_sessions", "token_hash", unique: true);
        migrationBuilder.CreateIndex("ix_admin_sessions_admin_id", "admin_sessions", "admin_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("admin_sessions");
        migrationBuilder.DropColumn("locked_until", "admins");
        migrationBuilder.DropColumn("failed_sign_ins", "admins");
    }
}
