using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Invitations;

/// <summary>
/// An organization's invitations, newest first, expired ones included. <see cref="Status"/> filters by
/// the status as of now: a pending invitation past its expiry counts as expired even before the job
/// has recorded it.
/// </summary>
public sealed record ListInvitations(Guid OrganizationId, InvitationStatus? Status = null, string? Email = null, PageRequest? Page = null)
    : IQuery<Page<InvitationDto>>;

internal sealed class ListInvitationsValidator : AbstractValidator<ListInvitations>
{
    public ListInvitationsValidator()
    {
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Email).MaximumLength(InputRules.MaxEmailLength).MustBePrintable();
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
    }
}

internal sealed class ListInvitationsHandler(IOrganizationsData db, IRoleDirectory roles, TimeProvider clock) : IQueryHandler<ListInvitations, Page<InvitationDto>>
{
    public async Task<Page<InvitationDto>> Handle(ListInvitations query, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == query.OrganizationId, cancellationToken))
        {
            throw new NotFoundException("organization");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var invitations = db.Invitations.AsNoTracking().Where(i => i.OrganizationId == query.OrganizationId);
        invitations = query.Status switch
        {
            InvitationStatus.Pending => invitations.Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt > now),
            InvitationStatus.Expired => invitations.Where(i => i.Status == InvitationStatus.Expired || (i.Status == InvitationStatus.Pending && i.ExpiresAt <= now)),
            { } status => invitations.Where(i => i.Status == status),
            null => invitations,
        };

        if (query.Email is not null)
        {
            var email = Invitation.Normalize(query.Email);
            invitations = invitations.Where(i => i.NormalizedEmail == email);
        }

        var page = await invitations.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id).ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        return new Page<InvitationDto>(await roles.ToDtosAsync(page.Items, now, cancellationToken), page.Number, page.Size, page.HasNext);
    }
}
