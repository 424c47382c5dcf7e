using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Paging;

namespace Paylent.Application.Identity.Users;

/// <summary>The environment's users among <see cref="Ids"/> (a page of members, say), in one query; unknown ids are left out.</summary>
public sealed record GetUsers(IReadOnlyList<Guid> Ids) : IQuery<IReadOnlyList<UserDto>>;

internal sealed class GetUsersValidator : AbstractValidator<GetUsers>
{
    public GetUsersValidator() =>
        RuleFor(q => q.Ids).Must(ids => ids.Count <= PageRequest.MaxSize).WithMessage($"Ask for at most {PageRequest.MaxSize} users.");
}

internal sealed class GetUsersHandler(IIdentityData db) : IQueryHandler<GetUsers, IReadOnlyList<UserDto>>
{
    public async Task<IReadOnlyList<UserDto>> Handle(GetUsers query, CancellationToken cancellationToken)
    {
        var ids = query.Ids.Distinct().ToList();
        return ids.Count == 0 ? [] : [.. (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken)).Select(UserDto.From)];
    }
}
