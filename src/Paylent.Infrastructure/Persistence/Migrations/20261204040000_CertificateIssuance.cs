using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Custom domains' issuance side: the install's ACME account key per CA (sealed, one per directory URL),
/// the per-domain order lease and failure count, the orders counted against each account's hourly
/// limit, and the index the issuance and renewal jobs scan domains by.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204040000_CertificateIssuance")]
public sealed class CertificateIssuance : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "acme_accounts",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                directory_url = table.Column<string>(maxLength: 2000, nullable: false),
                sealed_key = table.Column<string>(nullable: false),
                account_url = table.Column<string>(maxLength: 2000, nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_acme_accounts", x => x.id));
        migrationBuilder.CreateIndex("ix_acme_accounts_directory_url", "acme_accounts", "directory_url", unique: true);

        migrationBuilder.CreateTable(
            name: "certificate_attempts",
            columns: table => new
            {
                domain_id = table.Column<Guid>(nullable: false),
                lease_holder = table.Column<string>(maxLength: 100, nullable: true),
                lease_expires_at = table.Column<DateTime>(nullable: true),
                failures = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_certificate_attempts", x => x.domain_id));

        migrationBuilder.CreateTable(
            name: "certificate_orders",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                account_id = table.Column<Guid>(nullable: false),
                domain_id = table.Column<Guid>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_certificate_orders", x => x.id));
        migrationBuilder.CreateIndex("ix_certificate_orders_account_id_created_at", "certificate_orders", ["account_id", "created_at"]);
        migrationBuilder.CreateIndex("ix_certificate_orders_created_at", "certificate_orders", "created_at");

        migrationBuilder.CreateIndex("ix_custom_domains_state_renew_after", "custom_domains", ["state", "renew_after"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_custom_domains_state_renew_after", "custom_domains");
        migrationBuilder.DropTable("certificate_orders");
        migrationBuilder.DropTable("certificate_attempts");
        migrationBuilder.DropTable("acme_accounts");
    }
}
