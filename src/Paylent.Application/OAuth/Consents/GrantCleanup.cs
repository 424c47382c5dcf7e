using Paylent.Application.Common.Events;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.OAuth.Contracts;

namespace Paylent.Application.OAuth.Consents;

/// <summary>A deleted client's consents go (a new client reusing the client_id must ask again), and its users' grants end.</summary>
internal sealed class EndGrantsOfDeletedClient(IOAuthData db, TimeProvider clock) : IModuleEventHandler<OAuthClientDeleted>
{
    public Task HandleAsync(OAuthClientDeleted moduleEvent, CancellationToken cancellationToken) =>
        db.RevokeAllOfClientAsync(moduleEvent.ClientId, clock.GetUtcNow().UtcDateTime, cancellationToken);
}

/// <summary>A deleted user's consents and grants go with the user.</summary>
internal sealed class RemoveGrantsOfDeletedUser(IOAuthData db) : IModuleEventHandler<UserDeleted>
{
    public Task HandleAsync(UserDeleted moduleEvent, CancellationToken cancellationToken) =>
        db.RemoveAllOfUserAsync(moduleEvent.UserId, cancellationToken);
}
