using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// The organization context in the protocol (docs/organizations.md): each client's
/// <c>organization_required</c> (off for existing clients), the organization a code and a grant (token
/// family) are bound to, the family a switch of organization came from (reuse detection follows it),
/// and what an opaque token carried (<c>org_id</c>, <c>org_slug</c>), which introspection reports.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204060000_OrganizationContext")]
public sealed class OrganizationContext : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("organization_required", "oauth_clients", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<Guid>("organization_id", "authorization_codes", nullable: true);
        migrationBuilder.AddColumn<Guid>("organization_id", "grants", nullable: true);
        migrationBuilder.AddColumn<Guid>("switched_from_grant_id", "grants", nullable: true);
        migrationBuilder.CreateIndex("ix_grants_switched_from_grant_id", "grants", "switched_from_grant_id");
        migrationBuilder.AddColumn<Guid>("organization_id", "opaque_access_tokens", nullable: true);
        migrationBuilder.AddColumn<string>("organization_slug", "opaque_access_tokens", maxLength: 50, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("organization_slug", "opaque_access_tokens");
        migrationBuilder.DropColumn("organization_id", "opaque_access_tokens");
        migrationBuilder.DropIndex("ix_grants_switched_from_grant_id", "grants");
        migrationBuilder.DropColumn("switched_from_grant_id", "grants");
        migrationBuilder.DropColumn("organization_id", "grants");
        migrationBuilder.DropColumn("organization_id", "authorization_codes");
        migrationBuilder.DropColumn("organization_required", "oauth_clients");
    }
}
