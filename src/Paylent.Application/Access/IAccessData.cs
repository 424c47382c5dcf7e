using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Access;

namespace Paylent.Application.Access;

/// <summary>
/// The Access module's tables, and nothing else: its handlers' data port. Users and clients it knows
/// through Identity's and OAuth's contracts.
/// </summary>
public interface IAccessData
{
    DbSet<Permission> Permissions { get; }

    DbSet<Role> Roles { get; }

    DbSet<RoleAssignment> RoleAssignments { get; }
}

/// <summary>
/// The current environment's role graph as token issuance reads it: from memory (Infrastructure),
/// dropped when a save changes a role; <see cref="Paylent.Domain.Access.RoleGraph.Resolve"/> memoizes on it.
/// </summary>
public interface IRoleGraphCache
{
    Task<RoleGraph> CurrentAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The roles assigned directly to a subject of the current environment, as token issuance and checks
/// read them: from memory (Infrastructure), dropped when a save changes the subject's assignments, so a
/// steady stream of tokens for the same subjects costs no query.
/// </summary>
public interface IAssignedRoles
{
    Task<IReadOnlyList<Guid>> OfUserAsync(Guid userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Guid>> OfClientAsync(string clientId, CancellationToken cancellationToken);
}

/// <summary>The limits of one management request, so no request can write an unbounded set.</summary>
public static class AccessLimits
{
    /// <summary>Ids added or removed by one request (permissions of a role, included roles, assignments).</summary>
    public const int MaxPerRequest = 100;

    /// <summary>Roles one user or service account holds directly.</summary>
    public const int MaxRolesPerSubject = 100;

    /// <summary>
    /// Requests giving or taking one subject's roles at the same moment that all succeed: each is run again
    /// on fresh data at most once for every other's commit (<see cref="Common.Messaging.IRetryOnConflict"/>).
    /// </summary>
    public const int ConcurrentChangesPerSubject = 16;
}
