using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Access tokens issued per environment, UTC hour and grant type, for the dashboard's overview
/// (TokenIssuanceCount): tokens are not stored one by one, so nothing else could count them.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203050000_TokenIssuanceCounts")]
public sealed class TokenIssuanceCounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "token_issuance_counts",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                environment_id = table.Column<Guid>(nullable: false),
                hour = table.Column<DateTime>(nullable: false),
                grant_type = table.Column<string>(maxLength: 50, nullable: false),
                count = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_token_issuance_counts", x => x.id));
        migrationBuilder.CreateIndex(
            "ix_token_issuance_counts_environment_id_hour_grant_type", "token_issuance_counts", ["environment_id", "hour", "grant_type"], unique: true);
        migrationBuilder.CreateIndex("ix_token_issuance_counts_hour", "token_issuance_counts", "hour");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("token_issuance_counts");
}
