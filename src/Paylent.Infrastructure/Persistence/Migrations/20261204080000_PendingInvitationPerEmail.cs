using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Paylent.Infrastructure.Persistence.Configurations.Organizations;

namespace Paylent.Infrastructure.Persistence.Migrations;

/// <summary>
/// At most one pending invitation per address and organization, as a unique partial index: the check
/// in CreateInvitation alone let two concurrent invitations through. Pending duplicates that such a race
/// already left keep only the newest (the others become revoked, as a resend would have left them).
/// </summary>
[DbContext(typeof(PaylentDbContext))]
[Migration("20261204080000_PendingInvitationPerEmail")]
public sealed class PendingInvitationPerEmail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            UPDATE invitations SET status = 'Revoked'
            WHERE status = 'Pending' AND EXISTS (
                SELECT 1 FROM invitations newer
                WHERE newer.organization_id = invitations.organization_id
                  AND newer.normalized_email = invitations.normalized_email
                  AND newer.status = 'Pending'
                  AND (newer.created_at > invitations.created_at OR (newer.created_at = invitations.created_at AND newer.id > invitations.id)))
            """);
        migrationBuilder.CreateIndex(
            InvitationConfiguration.PendingPerEmailIndex, "invitations", ["organization_id", "normalized_email"], unique: true, filter: InvitationConfiguration.PendingFilter);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(InvitationConfiguration.PendingPerEmailIndex, "invitations");
}
