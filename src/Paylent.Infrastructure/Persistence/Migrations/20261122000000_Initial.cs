using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Tenancy (accounts, environments, admins) and the audit trail. Hand-written and provider-neutral:
/// column types come from the model's CLR types and lengths, so SQLite and PostgreSQL each pick their own.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "accounts",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                slug = table.Column<string>(maxLength: 40, nullable: false),
                name = table.Column<string>(maxLength: 100, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_accounts", x => x.id));
        migrationBuilder.CreateIndex("ix_accounts_slug", "accounts", "slug", unique: true);

        migrationBuilder.CreateTable(
            name: "environments",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                account_id = table.Column<Guid>(nullable: false),
                slug = table.Column<string>(maxLength: 40, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_environments", x => x.id);
                table.ForeignKey("fk_environments_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_environments_account_id_slug", "environments", ["account_id", "slug"], unique: true);

        migrationBuilder.CreateTable(
            name: "admins",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                account_id = table.Column<Guid>(nullable: false),
                email = table.Column<string>(maxLength: 254, nullable: false),
                password_hash = table.Column<string>(maxLength: 256, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                last_signed_in_at = table.Column<DateTime>(nullable: true),
                version = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_admins", x => x.id);
                table.ForeignKey("fk_admins_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_admins_account_id", "admins", "account_id");
        migrationBuilder.CreateIndex("ix_admins_email", "admins", "email", unique: true);

        migrationBuilder.CreateTable(
            name: "audit_events",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                account_id = table.Column<Guid>(nullable: true),
                environment_id = table.Column<Guid>(nullable: true),
                action = table.Column<string>(maxLength: 100, nullable: false),
                actor_type = table.Column<string>(maxLength: 50, nullable: false),
                actor_id = table.Column<string>(maxLength: 200, nullable: true),
                changes = table.Column<string>(nullable: false),
                metadata = table.Column<string>(nullable: false),
                occurred_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_audit_events", x => x.id));
        migrationBuilder.CreateIndex("ix_audit_events_environment_id_occurred_at", "audit_events", ["environment_id", "occurred_at"]);
        migrationBuilder.CreateIndex("ix_audit_events_account_id_occurred_at", "audit_events", ["account_id", "occurred_at"]);
        migrationBuilder.CreateIndex("ix_audit_events_action", "audit_events", "action");
        migrationBuilder.CreateIndex("ix_audit_events_actor_id", "audit_events", "actor_id");

        migrationBuilder.CreateTable(
            name: "audit_event_targets",
            columns: table => new
            {
                key = table.Column<Guid>(nullable: false),
                audit_event_id = table.Column<Guid>(nullable: false),
                type = table.Column<string>(maxLength: 50, nullable: false),
                id = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_audit_event_targets", x => x.key);
                table.ForeignKey("fk_audit_event_targets_audit_events_audit_event_id", x => x.audit_event_id, "audit_events", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_audit_event_targets_audit_event_id", "audit_event_targets", "audit_event_id");
        migrationBuilder.CreateIndex("ix_audit_event_targets_id", "audit_event_targets", "id");

        AppendOnly.Protect(migrationBuilder, "audit_events");
        AppendOnly.Protect(migrationBuilder, "audit_event_targets");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("audit_event_targets");
        migrationBuilder.DropTable("audit_events");
        migrationBuilder.DropTable("admins");
        migrationBuilder.DropTable("environments");
        migrationBuilder.DropTable("accounts");
    }
}
