using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Renewal-information checks that failed in a row (<c>certificate_attempts.renewal_info_failures</c>): a CA
/// that keeps failing without a <c>Retry-After</c> is asked ever more rarely (docs/domains.md).
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204180000_RenewalInfoBackoff")]
public sealed class RenewalInfoBackoff : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<int>("renewal_info_failures", "certificate_attempts", nullable: false, defaultValue: 0);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("ALTER TABLE certificate_attempts DROP COLUMN renewal_info_failures");
}
