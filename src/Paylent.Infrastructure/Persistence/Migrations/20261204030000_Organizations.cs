using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// The Organizations module: organizations (slug unique per environment, metadata as JSON text),
/// memberships (one per user and organization, roles as a JSON list of role ids) and invitations (the
/// token's SHA-256 only, unique). Every existing environment gets the organization roles new ones are
/// created with (<c>org:owner</c>, <c>org:admin</c>, <c>org:member</c>), unless it already has a role of that slug.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204030000_Organizations")]
public sealed class Organizations : Migration
{
    private static readonly (string Slug, string Name, string Description)[] Roles =
    [
        ("org:owner", "Organization owner", "Owns an organization: an organization always keeps at least one active owner."),
        ("org:admin", "Organization admin", "Manages an organization's members and invitations."),
        ("org:member", "Organization member", "A member of an organization."),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "organizations",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                slug = table.Column<string>(maxLength: 50, nullable: false),
                name = table.Column<string>(maxLength: 100, nullable: false),
                metadata = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_organizations", x => x.id));
        migrationBuilder.CreateIndex("ix_organizations_environment_id_slug", "organizations", ["environment_id", "slug"], unique: true);

        migrationBuilder.CreateTable(
            name: "memberships",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                organization_id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                status = table.Column<string>(maxLength: 16, nullable: false),
                role_ids = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_memberships", x => x.id);
                table.ForeignKey("fk_memberships_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_memberships_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_memberships_organization_id_user_id", "memberships", ["organization_id", "user_id"], unique: true);
        migrationBuilder.CreateIndex("ix_memberships_environment_id_user_id", "memberships", ["environment_id", "user_id"]);
        migrationBuilder.CreateIndex("ix_memberships_user_id", "memberships", "user_id");

        migrationBuilder.CreateTable(
            name: "invitations",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                organization_id = table.Column<Guid>(nullable: false),
                email = table.Column<string>(maxLength: 254, nullable: false),
                normalized_email = table.Column<string>(maxLength: 254, nullable: false),
                role_ids = table.Column<string>(nullable: false),
                status = table.Column<string>(maxLength: 16, nullable: false),
                token_hash = table.Column<string>(maxLength: 64, nullable: false),
                lifetime_days = table.Column<int>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                invited_by_user_id = table.Column<Guid>(nullable: true),
                accepted_by_user_id = table.Column<Guid>(nullable: true),
                accepted_at = table.Column<DateTime>(nullable: true),
                revoked_at = table.Column<DateTime>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_invitations", x => x.id);
                table.ForeignKey("fk_invitations_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_invitations_token_hash", "invitations", "token_hash", unique: true);
        migrationBuilder.CreateIndex("ix_invitations_organization_id_normalized_email", "invitations", ["organization_id", "normalized_email"]);
        migrationBuilder.CreateIndex("ix_invitations_status_expires_at", "invitations", ["status", "expires_at"]);

        SeedRoles(migrationBuilder);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("invitations");
        migrationBuilder.DropTable("memberships");
        migrationBuilder.DropTable("organizations");
    }

    /// <summary>One row per environment and role, with ids and timestamps in each provider's own format (as EF writes them).</summary>
    private static void SeedRoles(MigrationBuilder migrationBuilder)
    {
        var (newId, now) = migrationBuilder.IsNpgsql()
            ? ("gen_random_uuid()", "now()")
            : ("hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))",
                "strftime('%Y-%m-%d %H:%M:%f', 'now')");
        var no = migrationBuilder.IsNpgsql() ? "false" : "0";
        foreach (var (slug, name, description) in Roles)
        {
            migrationBuilder.Sql($"""
                INSERT INTO roles (id, environment_id, slug, normalized_slug, name, description, client_id, is_default, permissions, included_role_ids, created_at, updated_at, version)
                SELECT {newId}, e.id, '{slug}', '{slug}', '{name}', '{description.Replace("'", "''", StringComparison.Ordinal)}', NULL, {no}, '[]', '[]', {now}, {now}, {newId}
                FROM environments e
                WHERE NOT EXISTS (SELECT 1 FROM roles r WHERE r.environment_id = e.id AND r.normalized_slug = '{slug}');
                """);
        }
    }
}
