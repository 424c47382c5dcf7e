using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Contracts;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Organizations;

namespace Paylent.Application.Organizations.Memberships;

/// <summary>A user's organizations, by slug, each with the user's membership in it.</summary>
public sealed record ListUserOrganizations(Guid UserId, PageRequest? Page = null) : IQuery<Page<UserOrganizationDto>>;

public sealed record UserOrganizationDto(OrganizationDto Organization, MembershipDto Membership);

internal sealed class ListUserOrganizationsValidator : AbstractValidator<ListUserOrganizations>
{
    public ListUserOrganizationsValidator() => RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
}

internal sealed class ListUserOrganizationsHandler(IOrganizationsData db, IUserDirectory users, IRoleDirectory roles)
    : IQueryHandler<ListUserOrganizations, Page<UserOrganizationDto>>
{
    public async Task<Page<UserOrganizationDto>> Handle(ListUserOrganizations query, CancellationToken cancellationToken)
    {
        if (!await users.ExistsAsync(query.UserId, cancellationToken))
        {
            throw new NotFoundException("user");
        }

        var rows = db.Memberships.AsNoTracking().Where(m => m.UserId == query.UserId)
            .Join(db.Organizations.AsNoTracking(), m => m.OrganizationId, o => o.Id, (m, o) => new { Membership = m, Organization = o })
            .OrderBy(r => r.Organization.Slug);
        var page = await rows.ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        var memberships = await roles.ToDtosAsync([.. page.Items.Select(r => r.Membership)], cancellationToken);
        return new Page<UserOrganizationDto>(
            [.. page.Items.Select((r, i) => new UserOrganizationDto(OrganizationDto.From(r.Organization), memberships[i]))], page.Number, page.Size, page.HasNext);
    }
}
