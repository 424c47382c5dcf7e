using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Users;

/// <summary>
/// The environment's users, newest first. <see cref="Email"/> matches exactly (case-insensitively);
/// <see cref="Search"/> matches the start of the email, username or either name.
/// </summary>
public sealed record ListUsers(string? Email = null, string? Search = null, PageRequest? Page = null) : IQuery<Page<UserDto>>;

internal sealed class ListUsersValidator : AbstractValidator<ListUsers>
{
    public ListUsersValidator()
    {
        RuleFor(q => q.Email).MaximumLength(User.MaxEmailLength);
        RuleFor(q => q.Search).MaximumLength(User.MaxEmailLength);
        RuleFor(q => q.Page!).SetValidator(new PageRequestValidator()).When(q => q.Page is not null);
    }
}

internal sealed class ListUsersHandler(IIdentityData db) : IQueryHandler<ListUsers, Page<UserDto>>
{
    public async Task<Page<UserDto>> Handle(ListUsers query, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        // Exact match: a blank filter matches no one rather than everyone.
        if (query.Email is not null)
        {
            var email = User.Normalize(query.Email);
            users = users.Where(u => u.NormalizedEmail == email);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var prefix = User.Normalize(query.Search);
            users = users.Where(u => u.NormalizedEmail.StartsWith(prefix)
                || (u.NormalizedUsername != null && u.NormalizedUsername.StartsWith(prefix))
                || (u.GivenName != null && u.GivenName.ToLower().StartsWith(prefix))
                || (u.FamilyName != null && u.FamilyName.ToLower().StartsWith(prefix)));
        }

        var page = await users.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id)
            .ToPageAsync(query.Page ?? new PageRequest(), cancellationToken);
        return new Page<UserDto>(page.Items.Select(UserDto.From).ToList(), page.Number, page.Size, page.HasNext);
    }
}
