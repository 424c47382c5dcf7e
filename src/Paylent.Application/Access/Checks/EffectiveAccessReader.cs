using Paylent.Application.Common;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.OAuth.Contracts;
using Paylent.Domain.Access;

namespace Paylent.Application.Access.Checks;

/// <summary>Finds the subject (404 when it is not of this environment) and resolves its roles over the cached graph.</summary>
internal sealed class EffectiveAccessReader(IAssignedRoles assigned, IRoleGraphCache graphs, IUserDirectory users, IClientDirectory clients)
{
    public async Task<EffectiveAccess> ReadAsync(Guid? userId, string? clientId, CancellationToken cancellationToken)
    {
        if (clientId is not null && await clients.FindByClientIdAsync(clientId, cancellationToken) is null)
        {
            throw new NotFoundException("OAuth client");
        }

        if (userId is { } user && !await users.ExistsAsync(user, cancellationToken))
        {
            throw new NotFoundException("user");
        }

        var roleIds = userId is { } id ? await assigned.OfUserAsync(id, cancellationToken) : await assigned.OfClientAsync(clientId!, cancellationToken);
        return roleIds.Count == 0 ? EffectiveAccess.None : (await graphs.CurrentAsync(cancellationToken)).Resolve(roleIds, clientId);
    }
}
