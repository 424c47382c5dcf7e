using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Permissions;

/// <summary>The environment's permissions by slug. <see cref="Slug"/> matches exactly; <see cref="Search"/> the start of the slug.</summary>
public sealed record ListPermissions(string? Slug = null, string? Search = null, PageRequest? Page = null) : IQuery<Page<PermissionDto>>;

internal sealed class ListPermissionsValidator : AbstractValidator<ListPermissions>
{
    public ListPermissionsValidator()
    {
        RuleFor(q => q.Slug).MaximumLength(AccessSlugs.MaxLength);
        RuleFor(q => q.Search).MaximumLength(AccessSlugs.MaxLength);
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
    }
}

internal sealed class ListPermissionsHandler(IAccessData db) : IQueryHandler<ListPermissions, Page<PermissionDto>>
{
    public async Task<Page<PermissionDto>> Handle(ListPermissions query, CancellationToken cancellationToken)
    {
        var permissions = db.Permissions.AsNoTracking();
        if (query.Slug is not null)
        {
            permissions = permissions.Where(p => p.Slug == query.Slug);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var prefix = query.Search.Trim().ToLowerInvariant();
            permissions = permissions.Where(p => p.Slug.StartsWith(prefix));
        }

        var page = await permissions.OrderBy(p => p.Slug).ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        return new Page<PermissionDto>([.. page.Items.Select(PermissionDto.From)], page.Number, page.Size, page.HasNext);
    }
}
