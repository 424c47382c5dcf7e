using Paylent.Application.Access.Roles;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.Access.Assignments;

/// <summary>The roles a user or service account holds directly (at most <see cref="AccessLimits.MaxRolesPerSubject"/>, so no paging).</summary>
public sealed record ListSubjectRoles(RoleSubject Subject) : IQuery<IReadOnlyList<RoleDto>>;

internal sealed class ListSubjectRolesHandler(RoleSubjects subjects) : IQueryHandler<ListSubjectRoles, IReadOnlyList<RoleDto>>
{
    public async Task<IReadOnlyList<RoleDto>> Handle(ListSubjectRoles query, CancellationToken cancellationToken) =>
        await subjects.RolesOfAsync(await subjects.ResolveAsync(query.Subject, cancellationToken), cancellationToken);
}
