using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>OAuth user flows: first-party clients, authorization codes, grants with their refresh tokens, and consents.</summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261122030000_OAuthUserFlows")]
public sealed class OAuthUserFlows : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("first_party", "oauth_clients", nullable: false, defaultValue: false);

        migrationBuilder.CreateTable(
            name: "authorization_codes",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                code_hash = table.Column<string>(maxLength: 64, nullable: false),
                client_id = table.Column<string>(maxLength: 64, nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                session_id = table.Column<Guid>(nullable: false),
                redirect_uri = table.Column<string>(maxLength: 2000, nullable: false),
                scope = table.Column<string>(maxLength: 2000, nullable: false),
                nonce = table.Column<string>(maxLength: 512, nullable: true),
                code_challenge = table.Column<string>(maxLength: 128, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                redeemed_at = table.Column<DateTime>(nullable: true),
                grant_id = table.Column<Guid>(nullable: true),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_authorization_codes", x => x.id);
                table.ForeignKey("fk_authorization_codes_sessions_session_id", x => x.session_id, "sessions", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_authorization_codes_code_hash", "authorization_codes", "code_hash", unique: true);
        migrationBuilder.CreateIndex("ix_authorization_codes_expires_at", "authorization_codes", "expires_at");
        migrationBuilder.CreateIndex("ix_authorization_codes_session_id", "authorization_codes", "session_id");

        migrationBuilder.CreateTable(
            name: "grants",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                client_id = table.Column<string>(maxLength: 64, nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                session_id = table.Column<Guid>(nullable: false),
                scope = table.Column<string>(maxLength: 2000, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                revoked_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_grants", x => x.id);
                table.ForeignKey("fk_grants_sessions_session_id", x => x.session_id, "sessions", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_grants_environment_id_user_id_client_id", "grants", ["environment_id", "user_id", "client_id"]);
        migrationBuilder.CreateIndex("ix_grants_session_id", "grants", "session_id");

        migrationBuilder.CreateTable(
            name: "refresh_tokens",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                token_hash = table.Column<string>(maxLength: 64, nullable: false),
                grant_id = table.Column<Guid>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                rotated_at = table.Column<DateTime>(nullable: true),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_refresh_tokens", x => x.id);
                table.ForeignKey("fk_refresh_tokens_grants_grant_id", x => x.grant_id, "grants", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_refresh_tokens_token_hash", "refresh_tokens", "token_hash", unique: true);
        migrationBuilder.CreateIndex("ix_refresh_tokens_expires_at", "refresh_tokens", "expires_at");
        migrationBuilder.CreateIndex("ix_refresh_tokens_grant_id", "refresh_tokens", "grant_id");

        migrationBuilder.CreateTable(
            name: "consents",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                client_id = table.Column<string>(maxLength: 64, nullable: false),
                scopes = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_consents", x => x.id);
                table.ForeignKey("fk_consents_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_consents_environment_id_user_id_client_id", "consents", ["environment_id", "user_id", "client_id"], unique: true);
        migrationBuilder.CreateIndex("ix_consents_user_id", "consents", "user_id");

        migrationBuilder.AddColumn<Guid>("grant_id", "opaque_access_tokens", nullable: true);
        migrationBuilder.CreateIndex("ix_opaque_access_tokens_grant_id", "opaque_access_tokens", "grant_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_opaque_access_tokens_grant_id", "opaque_access_tokens");
        migrationBuilder.DropColumn("grant_id", "opaque_access_tokens");
        migrationBuilder.DropTable("consents");
        migrationBuilder.DropTable("refresh_tokens");
        migrationBuilder.DropTable("grants");
        migrationBuilder.DropTable("authorization_codes");
        migrationBuilder.DropColumn("first_party", "oauth_clients");
    }
}
