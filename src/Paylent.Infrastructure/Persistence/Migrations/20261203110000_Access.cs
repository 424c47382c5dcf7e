using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// The Access module: permissions, roles (their permissions and included roles as JSON lists, the slug
/// unique case-insensitively through a lower-cased copy) and role assignments to users and to service
/// accounts (by <c>client_id</c>).
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203110000_Access")]
public sealed class Access : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "permissions",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                slug = table.Column<string>(maxLength: 100, nullable: false),
                description = table.Column<string>(maxLength: 500, nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_permissions", x => x.id));
        migrationBuilder.CreateIndex("ix_permissions_environment_id_slug", "permissions", ["environment_id", "slug"], unique: true);

        migrationBuilder.CreateTable(
            name: "roles",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                slug = table.Column<string>(maxLength: 100, nullable: false),
                normalized_slug = table.Column<string>(maxLength: 100, nullable: false),
                name = table.Column<string>(maxLength: 100, nullable: false),
                description = table.Column<string>(maxLength: 500, nullable: true),
                client_id = table.Column<string>(maxLength: 64, nullable: true),
                is_default = table.Column<bool>(nullable: false),
                permissions = table.Column<string>(nullable: false),
                included_role_ids = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_roles", x => x.id));
        migrationBuilder.CreateIndex("ix_roles_environment_id_normalized_slug", "roles", ["environment_id", "normalized_slug"], unique: true);

        migrationBuilder.CreateTable(
            name: "role_assignments",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                role_id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: true),
                client_id = table.Column<string>(maxLength: 64, nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_role_assignments", x => x.id);
                table.ForeignKey("fk_role_assignments_roles_role_id", x => x.role_id, "roles", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_role_assignments_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_role_assignments_environment_id_user_id_role_id", "role_assignments", ["environment_id", "user_id", "role_id"], unique: true);
        migrationBuilder.CreateIndex("ix_role_assignments_environment_id_client_id_role_id", "role_assignments", ["environment_id", "client_id", "role_id"], unique: true);
        migrationBuilder.CreateIndex("ix_role_assignments_role_id", "role_assignments", "role_id");
        migrationBuilder.CreateIndex("ix_role_assignments_user_id", "role_assignments", "user_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("role_assignments");
        migrationBuilder.DropTable("roles");
        migrationBuilder.DropTable("permissions");
    }
}
