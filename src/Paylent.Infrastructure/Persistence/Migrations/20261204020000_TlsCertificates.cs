using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Custom domains' serving side: the certificates chosen by SNI (chain as PEM, private key sealed with
/// the key-encryption key) and the pending ACME HTTP-01 answers every instance serves.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204020000_TlsCertificates")]
public sealed class TlsCertificates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "tls_certificates",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                hostname = table.Column<string>(maxLength: 253, nullable: false),
                environment_id = table.Column<Guid>(nullable: true),
                chain_pem = table.Column<string>(nullable: false),
                sealed_private_key = table.Column<string>(nullable: false),
                issuer = table.Column<string>(maxLength: 1000, nullable: false),
                serial = table.Column<string>(maxLength: 64, nullable: false),
                not_before = table.Column<DateTime>(nullable: false),
                not_after = table.Column<DateTime>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_tls_certificates", x => x.id));
        migrationBuilder.CreateIndex("ix_tls_certificates_hostname", "tls_certificates", "hostname", unique: true);

        migrationBuilder.CreateTable(
            name: "acme_challenges",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                hostname = table.Column<string>(maxLength: 253, nullable: false),
                token = table.Column<string>(maxLength: 128, nullable: false),
                key_authorization = table.Column<string>(maxLength: 193, nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_acme_challenges", x => x.id));
        migrationBuilder.CreateIndex("ix_acme_challenges_hostname_token", "acme_challenges", ["hostname", "token"], unique: true);
        migrationBuilder.CreateIndex("ix_acme_challenges_expires_at", "acme_challenges", "expires_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("acme_challenges");
        migrationBuilder.DropTable("tls_certificates");
    }
}
