using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Roles;

/// <summary>
/// The environment's roles by slug. <see cref="Slug"/> matches exactly (case-insensitively, as slugs are
/// unique), <see cref="Search"/> the start of the slug or name, <see cref="ClientId"/> the roles scoped to that client.
/// </summary>
public sealed record ListRoles(string? Slug = null, string? Search = null, string? ClientId = null, PageRequest? Page = null) : IQuery<Page<RoleDto>>;

internal sealed class ListRolesValidator : AbstractValidator<ListRoles>
{
    public ListRolesValidator()
    {
        RuleFor(q => q.Slug).MaximumLength(AccessSlugs.MaxLength);
        RuleFor(q => q.Search).MaximumLength(Role.MaxNameLength);
        RuleFor(q => q.ClientId).MaximumLength(64);
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
    }
}

internal sealed class ListRolesHandler(IAccessData db) : IQueryHandler<ListRoles, Page<RoleDto>>
{
    public async Task<Page<RoleDto>> Handle(ListRoles query, CancellationToken cancellationToken)
    {
        var roles = db.Roles.AsNoTracking();
        if (query.Slug is not null)
        {
            var slug = AccessSlugs.NormalizeRole(query.Slug);
            roles = roles.Where(r => r.NormalizedSlug == slug);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var prefix = query.Search.Trim().ToLowerInvariant();
            roles = roles.Where(r => r.NormalizedSlug.StartsWith(prefix) || r.Name.ToLower().StartsWith(prefix));
        }

        if (query.ClientId is not null)
        {
            roles = roles.Where(r => r.ClientId == query.ClientId);
        }

        var page = await roles.OrderBy(r => r.NormalizedSlug).ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        return new Page<RoleDto>(await db.ToDtosAsync(page.Items, cancellationToken), page.Number, page.Size, page.HasNext);
    }
}
