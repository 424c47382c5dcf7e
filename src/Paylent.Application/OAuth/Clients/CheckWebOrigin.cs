using Paylent.Application.Common.Messaging;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

/// <summary>
/// Whether a browser app at <paramref name="Origin"/> may read an answer the token, revocation or userinfo
/// endpoint gives the client (CORS): the origin is that of one of the client's redirect URIs
/// (<see cref="ClientRegistration.AllowsWebOrigin"/>). The client comes from the cache the request reads it
/// from anyway: no query of its own, and none at all for an origin that is no origin.
/// </summary>
public sealed record CheckWebOrigin(string ClientId, string Origin) : IQuery<bool>;

internal sealed class CheckWebOriginHandler(IOAuthCache cache) : IQueryHandler<CheckWebOrigin, bool>
{
    public async Task<bool> Handle(CheckWebOrigin query, CancellationToken cancellationToken) =>
        WebOrigin.IsSerialized(query.Origin)
        && await cache.FindClientAsync(query.ClientId, cancellationToken) is { } client
        && client.AllowsWebOrigin(query.Origin);
}
