using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// The Domains module: custom domains, their host name unique across the install (canonical ASCII, lower
/// case, so one index settles every spelling), their state and the certificate's details.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204010000_Domains")]
public sealed class Domains : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "custom_domains",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                hostname = table.Column<string>(maxLength: 253, nullable: false),
                hostname_unicode = table.Column<string>(maxLength: 1024, nullable: false),
                verification_value = table.Column<string>(maxLength: 100, nullable: false),
                state = table.Column<string>(maxLength: 32, nullable: false),
                certificate_status = table.Column<string>(maxLength: 32, nullable: true),
                last_error = table.Column<string>(maxLength: 1000, nullable: true),
                last_checked_at = table.Column<DateTime>(nullable: true),
                verified_at = table.Column<DateTime>(nullable: true),
                certificate_issuer = table.Column<string>(maxLength: 1000, nullable: true),
                certificate_serial = table.Column<string>(maxLength: 1000, nullable: true),
                certificate_not_before = table.Column<DateTime>(nullable: true),
                certificate_not_after = table.Column<DateTime>(nullable: true),
                renew_after = table.Column<DateTime>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_custom_domains", x => x.id));
        migrationBuilder.CreateIndex("ix_custom_domains_hostname", "custom_domains", "hostname", unique: true);
        migrationBuilder.CreateIndex("ix_custom_domains_environment_id_hostname", "custom_domains", ["environment_id", "hostname"]);
        migrationBuilder.CreateIndex("ix_custom_domains_state_last_checked_at", "custom_domains", ["state", "last_checked_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("custom_domains");
}
