using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>Identity: users, sessions (and the tokens issued in them), single-use email tokens, and the email outbox.</summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261122020000_Identity")]
public sealed class Identity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                email = table.Column<string>(maxLength: 254, nullable: false),
                normalized_email = table.Column<string>(maxLength: 254, nullable: false),
                username = table.Column<string>(maxLength: 64, nullable: true),
                normalized_username = table.Column<string>(maxLength: 64, nullable: true),
                given_name = table.Column<string>(maxLength: 100, nullable: true),
                family_name = table.Column<string>(maxLength: 100, nullable: true),
                email_verified = table.Column<bool>(nullable: false),
                status = table.Column<string>(maxLength: 16, nullable: false),
                password_hash = table.Column<string>(maxLength: 256, nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                last_signed_in_at = table.Column<DateTime>(nullable: true),
                failed_sign_ins = table.Column<int>(nullable: false),
                locked_until = table.Column<DateTime>(nullable: true),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_users", x => x.id));
        migrationBuilder.CreateIndex("ix_users_environment_id_normalized_email", "users", ["environment_id", "normalized_email"], unique: true);
        migrationBuilder.CreateIndex("ix_users_environment_id_normalized_username", "users", ["environment_id", "normalized_username"], unique: true);

        migrationBuilder.CreateTable(
            name: "sessions",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                token_hash = table.Column<string>(maxLength: 64, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                last_seen_at = table.Column<DateTime>(nullable: false),
                authenticated_at = table.Column<DateTime>(nullable: false),
                authentication_methods = table.Column<string>(nullable: false),
                idle_expires_at = table.Column<DateTime>(nullable: false),
                absolute_expires_at = table.Column<DateTime>(nullable: false),
                ip_address = table.Column<string>(maxLength: 45, nullable: true),
                user_agent = table.Column<string>(maxLength: 512, nullable: true),
                revoked_at = table.Column<DateTime>(nullable: true),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_sessions", x => x.id);
                table.ForeignKey("fk_sessions_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_sessions_token_hash", "sessions", "token_hash", unique: true);
        migrationBuilder.CreateIndex("ix_sessions_environment_id_user_id", "sessions", ["environment_id", "user_id"]);
        migrationBuilder.CreateIndex("ix_sessions_user_id", "sessions", "user_id");

        migrationBuilder.AddColumn<Guid>("session_id", "opaque_access_tokens", nullable: true);
        migrationBuilder.CreateIndex("ix_opaque_access_tokens_session_id", "opaque_access_tokens", "session_id");

        migrationBuilder.CreateTable(
            name: "user_tokens",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                purpose = table.Column<string>(maxLength: 32, nullable: false),
                token_hash = table.Column<string>(maxLength: 64, nullable: false),
                email = table.Column<string>(maxLength: 254, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                used_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_tokens", x => x.id);
                table.ForeignKey("fk_user_tokens_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_user_tokens_token_hash", "user_tokens", "token_hash", unique: true);
        migrationBuilder.CreateIndex("ix_user_tokens_expires_at", "user_tokens", "expires_at");
        migrationBuilder.CreateIndex("ix_user_tokens_user_id", "user_tokens", "user_id");

        migrationBuilder.CreateTable(
            name: "outbox_emails",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: true),
                recipient = table.Column<string>(maxLength: 254, nullable: false),
                sealed_content = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                attempts = table.Column<int>(nullable: false),
                next_attempt_at = table.Column<DateTime>(nullable: false),
                leased_until = table.Column<DateTime>(nullable: true),
                sent_at = table.Column<DateTime>(nullable: true),
                failed_at = table.Column<DateTime>(nullable: true),
                last_error = table.Column<string>(maxLength: 1000, nullable: true),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_outbox_emails", x => x.id));
        migrationBuilder.CreateIndex("ix_outbox_emails_sent_at_failed_at_next_attempt_at", "outbox_emails", ["sent_at", "failed_at", "next_attempt_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("outbox_emails");
        migrationBuilder.DropTable("user_tokens");
        migrationBuilder.DropIndex("ix_opaque_access_tokens_session_id", "opaque_access_tokens");
        migrationBuilder.DropColumn("session_id", "opaque_access_tokens");
        migrationBuilder.DropTable("sessions");
        migrationBuilder.DropTable("users");
    }
}
