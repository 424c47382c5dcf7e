using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// RFC 8707 resources a client may ask tokens for (existing clients start with none), and the consent an
/// authorization code was issued on (codes in flight at upgrade have none, as first-party codes do).
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203020000_ClientResources")]
public sealed class ClientResources : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("allowed_resources", "oauth_clients", nullable: false, defaultValue: "[]");
        migrationBuilder.AddColumn<Guid>("consent_id", "authorization_codes", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("consent_id", "authorization_codes");
        migrationBuilder.DropColumn("allowed_resources", "oauth_clients");
    }
}
