using Paylent.Application.Common.Messaging;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Memberships;

/// <summary>Ends a membership; refused for the organization's last active owner.</summary>
public sealed record RemoveMember(Guid OrganizationId, Guid Id) : ICommand<bool>, IRetryOnConflict;

internal sealed class RemoveMemberHandler(IOrganizationsData db, OwnerGuard owners) : ICommandHandler<RemoveMember, bool>
{
    public async Task<bool> Handle(RemoveMember command, CancellationToken cancellationToken)
    {
        var membership = await db.FindMembershipAsync(command.OrganizationId, command.Id, cancellationToken);

        // Removed is as good as inactive with no roles, as far as ownership goes.
        await owners.EnsureChangeAllowedAsync(membership, MembershipStatus.Inactive, [], cancellationToken);
        db.Memberships.Remove(membership);
        return true;
    }
}
