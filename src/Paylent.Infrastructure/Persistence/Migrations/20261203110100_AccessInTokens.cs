using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Roles and permissions in tokens: each client's two switches (existing clients carry both, as new
/// ones do), and what an opaque token carried at issuance, which introspection reports (tokens issued
/// before the upgrade carry none).
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203110100_AccessInTokens")]
public sealed class AccessInTokens : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("include_roles_in_tokens", "oauth_clients", nullable: false, defaultValue: true);
        migrationBuilder.AddColumn<bool>("include_permissions_in_tokens", "oauth_clients", nullable: false, defaultValue: true);
        migrationBuilder.AddColumn<string>("roles", "opaque_access_tokens", nullable: true);
        migrationBuilder.AddColumn<string>("permissions", "opaque_access_tokens", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("permissions", "opaque_access_tokens");
        migrationBuilder.DropColumn("roles", "opaque_access_tokens");
        migrationBuilder.DropColumn("include_permissions_in_tokens", "oauth_clients");
        migrationBuilder.DropColumn("include_roles_in_tokens", "oauth_clients");
    }
}
