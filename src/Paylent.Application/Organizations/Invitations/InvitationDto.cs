using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>An invitation as readers see it: never its token, and its status as of now (expiry counted, recorded or not).</summary>
public sealed record InvitationDto(
    Guid Id,
    Guid OrganizationId,
    string Email,
    IReadOnlyList<RoleReference> Roles,
    string Status,
    DateTime ExpiresAt,
    Guid? InvitedByUserId,
    Guid? AcceptedByUserId,
    DateTime? AcceptedAt,
    DateTime CreatedAt);

internal static class InvitationViews
{
    public static string Name(this InvitationStatus status) => status.ToString().ToLowerInvariant();

    public static async Task<Invitation> FindInvitationAsync(this IOrganizationsData db, Guid organizationId, Guid id, CancellationToken cancellationToken) =>
        await db.Invitations.SingleOrDefaultAsync(i => i.Id == id && i.OrganizationId == organizationId, cancellationToken)
            ?? throw new NotFoundException("invitation");

    public static async Task<InvitationDto> ToDtoAsync(this IRoleDirectory roles, Invitation invitation, DateTime now, CancellationToken cancellationToken) =>
        (await roles.ToDtosAsync([invitation], now, cancellationToken))[0];

    public static async Task<IReadOnlyList<InvitationDto>> ToDtosAsync(this IRoleDirectory roles, IReadOnlyList<Invitation> invitations, DateTime now, CancellationToken cancellationToken)
    {
        var known = await roles.FindAsync([.. invitations.SelectMany(i => i.RoleIds).Distinct()], cancellationToken);
        return [.. invitations.Select(i => new InvitationDto(
            i.Id, i.OrganizationId, i.Email, [.. known.Where(r => i.RoleIds.Contains(r.Id))], i.StatusAt(now).Name(), i.ExpiresAt,
            i.InvitedByUserId, i.AcceptedByUserId, i.AcceptedAt, i.CreatedAt))];
    }
}
