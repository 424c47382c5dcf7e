using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Identity.Users;

public sealed record GetUser(Guid Id) : IQuery<UserDto>;

internal sealed class GetUserHandler(IIdentityData db) : IQueryHandler<GetUser, UserDto>
{
    public async Task<UserDto> Handle(GetUser query, CancellationToken cancellationToken) =>
        UserDto.From(await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("user"));
}
