using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Organizations.Organizations;

/// <summary>
/// Deletes an organization with its memberships and invitations, each removal audited (a pending
/// invitation as <c>invitation.revoked</c>, so its link is known dead).
/// </summary>
public sealed record DeleteOrganization(Guid Id) : ICommand<bool>, IRetryOnConflict;

internal sealed class DeleteOrganizationHandler(IOrganizationsData db, TimeProvider clock) : ICommandHandler<DeleteOrganization, bool>
{
    public async Task<bool> Handle(DeleteOrganization command, CancellationToken cancellationToken)
    {
        var organization = await db.FindOrganizationAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        db.Memberships.RemoveRange(await db.Memberships.Where(m => m.OrganizationId == organization.Id).ToListAsync(cancellationToken));
        foreach (var invitation in await db.Invitations.Where(i => i.OrganizationId == organization.Id).ToListAsync(cancellationToken))
        {
            invitation.Withdraw(now);
            db.Invitations.Remove(invitation);
        }

        db.Organizations.Remove(organization);
        return true;
    }
}
