using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>RFC 8707 resources a client may ask tokens for; existing clients start with none.</summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203020000_ClientResources")]
public sealed class ClientResources : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("allowed_resources", "oauth_clients", nullable: false, defaultValue: "[]");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("allowed_resources", "oauth_clients");
    }
}
