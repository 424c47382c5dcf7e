using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// The data-protection key ring moves from each instance's <c>{DataDirectory}/keys</c> into the database,
/// so every instance shares it. Keys left in the old folder are not imported: upgrading signs every admin
/// out of the dashboard once and voids forms open at the time, as a new key ring does.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203030000_DataProtectionKeys")]
public sealed class DataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            columns: table => new
            {
                // Each provider reads its own annotation and ignores the other's.
                id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                friendly_name = table.Column<string>(nullable: true),
                xml = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_data_protection_keys", x => x.id));
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("data_protection_keys");
}
