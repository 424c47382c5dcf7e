using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Memberships;

/// <summary>
/// A signed-in user ends their own membership (the account page); refused for the organization's last
/// active owner, as a removal by an admin is. Audited as <c>membership.deleted</c>.
/// </summary>
public sealed record LeaveOrganization(Guid UserId, Guid OrganizationId) : ICommand<bool>, IRetryOnConflict;

internal sealed class LeaveOrganizationHandler(IOrganizationsData db, OwnerGuard owners) : ICommandHandler<LeaveOrganization, bool>
{
    private const string LastOwner = "last_owner";

    public async Task<bool> Handle(LeaveOrganization command, CancellationToken cancellationToken)
    {
        // An organization the user is not in reads as not found: nothing tells it from one that does not exist.
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.OrganizationId == command.OrganizationId && m.UserId == command.UserId, cancellationToken)
            ?? throw new NotFoundException("membership");
        try
        {
            await owners.EnsureChangeAllowedAsync(membership, MembershipStatus.Inactive, [], cancellationToken);
        }
        catch (DomainException refused) when (refused.Code == LastOwner)
        {
            // The rule's own message speaks to an admin about "this member"; here the member is the reader.
            throw new DomainException(LastOwner, "You are the organization's last owner, so you cannot leave it. Ask an admin to make another member owner first.");
        }

        db.Memberships.Remove(membership);
        return true;
    }
}
