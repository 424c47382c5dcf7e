using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// ACME Renewal Information (RFC 9773) per domain, beside its lease: the serial of the certificate it is
/// about, when the CA may be asked again, and the suggested window the renewal time was chosen in.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204100000_RenewalInformation")]
public sealed class RenewalInformation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("renewal_info_serial", "certificate_attempts", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<DateTime>("renewal_info_check_after", "certificate_attempts", nullable: true);
        migrationBuilder.AddColumn<DateTime>("renewal_window_start", "certificate_attempts", nullable: true);
        migrationBuilder.AddColumn<DateTime>("renewal_window_end", "certificate_attempts", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("renewal_window_end", "certificate_attempts");
        migrationBuilder.DropColumn("renewal_window_start", "certificate_attempts");
        migrationBuilder.DropColumn("renewal_info_check_after", "certificate_attempts");
        migrationBuilder.DropColumn("renewal_info_serial", "certificate_attempts");
    }
}
