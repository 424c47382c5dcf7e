using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>OAuth core: signing keys, clients, opaque access tokens and revoked JWT ids.</summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261122010000_OAuthCore")]
public sealed class OAuthCore : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "signing_keys",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                kid = table.Column<string>(maxLength: 64, nullable: false),
                algorithm = table.Column<string>(maxLength: 16, nullable: false),
                status = table.Column<string>(maxLength: 16, nullable: false),
                public_key = table.Column<string>(maxLength: 1024, nullable: false),
                encrypted_private_key = table.Column<string>(maxLength: 4096, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                deactivated_at = table.Column<DateTime>(nullable: true),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_signing_keys", x => x.id));
        migrationBuilder.CreateIndex("ix_signing_keys_environment_id_kid", "signing_keys", ["environment_id", "kid"], unique: true);

        migrationBuilder.CreateTable(
            name: "oauth_clients",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                client_id = table.Column<string>(maxLength: 64, nullable: false),
                name = table.Column<string>(maxLength: 100, nullable: false),
                client_type = table.Column<string>(maxLength: 16, nullable: false),
                secret_hash = table.Column<string>(maxLength: 64, nullable: true),
                redirect_uris = table.Column<string>(nullable: false),
                post_logout_redirect_uris = table.Column<string>(nullable: false),
                grant_types = table.Column<string>(nullable: false),
                allowed_scopes = table.Column<string>(nullable: false),
                token_format = table.Column<string>(maxLength: 16, nullable: false),
                access_token_lifetime = table.Column<int>(nullable: false),
                refresh_token_lifetime = table.Column<int>(nullable: false),
                require_pkce = table.Column<bool>(nullable: false),
                default_audience = table.Column<string>(maxLength: 2000, nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_oauth_clients", x => x.id));
        migrationBuilder.CreateIndex("ix_oauth_clients_environment_id_client_id", "oauth_clients", ["environment_id", "client_id"], unique: true);

        migrationBuilder.CreateTable(
            name: "opaque_access_tokens",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                token_hash = table.Column<string>(maxLength: 64, nullable: false),
                client_id = table.Column<string>(maxLength: 64, nullable: false),
                subject = table.Column<string>(maxLength: 200, nullable: false),
                scope = table.Column<string>(maxLength: 2000, nullable: false),
                audience = table.Column<string>(maxLength: 4000, nullable: false),
                issued_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_opaque_access_tokens", x => x.id));
        migrationBuilder.CreateIndex("ix_opaque_access_tokens_token_hash", "opaque_access_tokens", "token_hash", unique: true);
        migrationBuilder.CreateIndex("ix_opaque_access_tokens_expires_at", "opaque_access_tokens", "expires_at");

        migrationBuilder.CreateTable(
            name: "revoked_access_tokens",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                jti = table.Column<string>(maxLength: 64, nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_revoked_access_tokens", x => x.id));
        migrationBuilder.CreateIndex("ix_revoked_access_tokens_environment_id_jti", "revoked_access_tokens", ["environment_id", "jti"], unique: true);
        migrationBuilder.CreateIndex("ix_revoked_access_tokens_expires_at", "revoked_access_tokens", "expires_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("revoked_access_tokens");
        migrationBuilder.DropTable("opaque_access_tokens");
        migrationBuilder.DropTable("oauth_clients");
        migrationBuilder.DropTable("signing_keys");
    }
}
