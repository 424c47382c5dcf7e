using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Permissions;

public sealed record GetPermission(Guid Id) : IQuery<PermissionDto>;

internal sealed class GetPermissionHandler(IAccessData db) : IQueryHandler<GetPermission, PermissionDto>
{
    public async Task<PermissionDto> Handle(GetPermission query, CancellationToken cancellationToken) =>
        PermissionDto.From(await db.Permissions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("permission"));
}
