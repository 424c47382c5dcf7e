using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// The JWS algorithm a client's ID and JWT access tokens are signed with (OIDC Dynamic Client Registration
/// §2 <c>id_token_signed_response_alg</c>); existing clients keep RS256. Signing keys already carried their
/// <c>algorithm</c>: the ES256 keys of existing environments are generated at start (SigningKeyStartup),
/// since a migration cannot seal a private key.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203100000_ClientSigningAlgorithm")]
public sealed class ClientSigningAlgorithm : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("id_token_signed_response_alg", "oauth_clients", maxLength: 16, nullable: false, defaultValue: "RS256");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn("id_token_signed_response_alg", "oauth_clients");
}
