using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Roles;

public sealed record GetRole(Guid Id) : IQuery<RoleDto>;

internal sealed class GetRoleHandler(IAccessData db) : IQueryHandler<GetRole, RoleDto>
{
    public async Task<RoleDto> Handle(GetRole query, CancellationToken cancellationToken) =>
        await db.ToDtoAsync(await db.FindRoleAsync(query.Id, cancellationToken), cancellationToken);
}
