using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Authorization codes are sealed for the server and stored nowhere (<c>SealedAuthorizationCodes</c>), so an
/// authorization request writes nothing (docs/performance.md); a grant still names the code it redeemed.
/// Codes issued before the upgrade, a minute's worth at most, are refused at the token endpoint
/// (<c>invalid_grant</c>): their clients start the flow again. Down brings back an empty table.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204150000_SealedCodes")]
public sealed class SealedCodes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("authorization_codes");

    protected override void Down(MigrationBuilder migrationBuilder)
    {
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
                version = table.Column<Guid>(nullable: false),
                consent_id = table.Column<Guid>(nullable: true),
                organization_id = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_authorization_codes", x => x.id);
                table.ForeignKey("fk_authorization_codes_sessions_session_id", x => x.session_id, "sessions", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_authorization_codes_code_hash", "authorization_codes", "code_hash", unique: true);
        migrationBuilder.CreateIndex("ix_authorization_codes_expires_at", "authorization_codes", "expires_at");
        migrationBuilder.CreateIndex("ix_authorization_codes_session_id", "authorization_codes", "session_id");
    }
}
