using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Memberships;

/// <summary>An organization's members, oldest first; <see cref="UserId"/> and <see cref="Status"/> narrow the list.</summary>
public sealed record ListMemberships(Guid OrganizationId, Guid? UserId = null, MembershipStatus? Status = null, PageRequest? Page = null)
    : IQuery<Page<MembershipDto>>;

internal sealed class ListMembershipsValidator : AbstractValidator<ListMemberships>
{
    public ListMembershipsValidator()
    {
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
    }
}

internal sealed class ListMembershipsHandler(IOrganizationsData db, IRoleDirectory roles) : IQueryHandler<ListMemberships, Page<MembershipDto>>
{
    public async Task<Page<MembershipDto>> Handle(ListMemberships query, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == query.OrganizationId, cancellationToken))
        {
            throw new NotFoundException("organization");
        }

        var memberships = db.Memberships.AsNoTracking().Where(m => m.OrganizationId == query.OrganizationId);
        if (query.UserId is { } userId)
        {
            memberships = memberships.Where(m => m.UserId == userId);
        }

        if (query.Status is { } status)
        {
            memberships = memberships.Where(m => m.Status == status);
        }

        var page = await memberships.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        return new Page<MembershipDto>(await roles.ToDtosAsync(page.Items, cancellationToken), page.Number, page.Size, page.HasNext);
    }
}
