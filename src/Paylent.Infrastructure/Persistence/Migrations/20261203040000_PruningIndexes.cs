using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// Indexes for the pruner's scans (DataPruner): the columns that say when a grant, a session, a dashboard
/// session or a given-up email stopped being usable. The other pruned tables were indexed on their expiry already.
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261203040000_PruningIndexes")]
public sealed class PruningIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("ix_grants_expires_at", "grants", "expires_at");
        migrationBuilder.CreateIndex("ix_grants_revoked_at", "grants", "revoked_at");
        migrationBuilder.CreateIndex("ix_sessions_idle_expires_at", "sessions", "idle_expires_at");
        migrationBuilder.CreateIndex("ix_sessions_revoked_at", "sessions", "revoked_at");
        migrationBuilder.CreateIndex("ix_admin_sessions_idle_expires_at", "admin_sessions", "idle_expires_at");
        migrationBuilder.CreateIndex("ix_admin_sessions_ended_at", "admin_sessions", "ended_at");
        migrationBuilder.CreateIndex("ix_outbox_emails_failed_at", "outbox_emails", "failed_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_outbox_emails_failed_at", "outbox_emails");
        migrationBuilder.DropIndex("ix_admin_sessions_ended_at", "admin_sessions");
        migrationBuilder.DropIndex("ix_admin_sessions_idle_expires_at", "admin_sessions");
        migrationBuilder.DropIndex("ix_sessions_revoked_at", "sessions");
        migrationBuilder.DropIndex("ix_sessions_idle_expires_at", "sessions");
        migrationBuilder.DropIndex("ix_grants_revoked_at", "grants");
        migrationBuilder.DropIndex("ix_grants_expires_at", "grants");
    }
}
