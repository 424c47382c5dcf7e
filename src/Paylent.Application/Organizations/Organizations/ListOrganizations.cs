using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Domain.Organizations;

namespace Paylent.Application.Organizations.Organizations;

/// <summary>
/// The environment's organizations by slug. <see cref="Slug"/> matches exactly, <see cref="Search"/>
/// the start of the slug or the name (case-insensitively).
/// </summary>
public sealed record ListOrganizations(string? Slug = null, string? Search = null, PageRequest? Page = null) : IQuery<Page<OrganizationDto>>;

internal sealed class ListOrganizationsValidator : AbstractValidator<ListOrganizations>
{
    public ListOrganizationsValidator()
    {
        RuleFor(q => q.Slug).MaximumLength(Organization.MaxSlugLength).MustBePrintable();
        RuleFor(q => q.Search).MaximumLength(Organization.MaxNameLength).MustBePrintable();
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
    }
}

internal sealed class ListOrganizationsHandler(IOrganizationsData db) : IQueryHandler<ListOrganizations, Page<OrganizationDto>>
{
    public async Task<Page<OrganizationDto>> Handle(ListOrganizations query, CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking();
        if (query.Slug is not null)
        {
            organizations = organizations.Where(o => o.Slug == query.Slug);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var prefix = query.Search.Trim().ToLowerInvariant();
            organizations = organizations.Where(o => o.Slug.StartsWith(prefix) || o.Name.ToLower().StartsWith(prefix));
        }

        var page = await organizations.OrderBy(o => o.Slug).ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        return new Page<OrganizationDto>([.. page.Items.Select(OrganizationDto.From)], page.Number, page.Size, page.HasNext);
    }
}
