using Microsoft.EntityFrameworkCore;
using Paylent.Application.Access.Roles;
using Paylent.Application.Common;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.OAuth.Contracts;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Assignments;

/// <summary>Who holds roles: a user, or an OAuth client's service account (by the client's id, not its <c>client_id</c>).</summary>
public sealed record RoleSubject(Guid? UserId, Guid? OAuthClientId)
{
    public static RoleSubject User(Guid id) => new(id, null);

    public static RoleSubject Client(Guid id) => new(null, id);
}

/// <summary>A subject found in its module: the user's id, or the client's <c>client_id</c>.</summary>
internal sealed record ResolvedSubject(Guid? UserId, string? ClientId, bool IsServiceAccount)
{
    public IQueryable<RoleAssignment> Of(IAccessData db) =>
        UserId is { } userId ? db.RoleAssignments.Where(a => a.UserId == userId) : db.RoleAssignments.Where(a => a.ClientId == ClientId);
}

/// <summary>Finds subjects through Identity's and OAuth's contracts, and reads their roles.</summary>
internal sealed class RoleSubjects(IAccessData db, IUserDirectory users, IClientDirectory clients)
{
    public Task<ResolvedSubject> ResolveAsync(RoleSubject subject, CancellationToken cancellationToken) =>
        ResolveAsync(subject, clients.FindAsync, cancellationToken);

    /// <summary>
    /// The subject about to be given roles. A client is also written with the save (<see cref="IClientDirectory.FindForChangeAsync"/>):
    /// no key ties its roles to it, so a deletion racing the assignment would otherwise miss the new row.
    /// A user's roles have their foreign key.
    /// </summary>
    public Task<ResolvedSubject> ResolveToAssignAsync(RoleSubject subject, CancellationToken cancellationToken) =>
        ResolveAsync(subject, clients.FindForChangeAsync, cancellationToken);

    private async Task<ResolvedSubject> ResolveAsync(
        RoleSubject subject, Func<Guid, CancellationToken, Task<ClientSummary?>> findClient, CancellationToken cancellationToken)
    {
        if (subject.UserId is { } userId)
        {
            return await users.ExistsAsync(userId, cancellationToken) ? new ResolvedSubject(userId, null, false) : throw new NotFoundException("user");
        }

        var client = await findClient(subject.OAuthClientId ?? Guid.Empty, cancellationToken) ?? throw new NotFoundException("OAuth client");
        return new ResolvedSubject(null, client.ClientId, client.IsConfidential);
    }

    public async Task<IReadOnlyList<RoleDto>> RolesOfAsync(ResolvedSubject subject, CancellationToken cancellationToken)
    {
        var roleIds = subject.Of(db).Select(a => a.RoleId);
        var roles = await db.Roles.AsNoTracking().Where(r => roleIds.Contains(r.Id)).OrderBy(r => r.NormalizedSlug).ToListAsync(cancellationToken);
        return await db.ToDtosAsync(roles, cancellationToken);
    }
}
