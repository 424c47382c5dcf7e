using Microsoft.EntityFrameworkCore;
using Paylent.Application.OAuth.Contracts;

namespace Paylent.Application.OAuth.Clients;

/// <summary>OAuth's <see cref="IClientDirectory"/>, over its own tables.</summary>
internal sealed class ClientDirectory(IOAuthData db) : IClientDirectory
{
    public Task<ClientSummary?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.OAuthClients.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new ClientSummary(c.Id, c.ClientId, c.Name, c.ClientType == Domain.OAuth.ClientType.Confidential))
            .SingleOrDefaultAsync(cancellationToken);

    public Task<ClientSummary?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken) =>
        db.OAuthClients.AsNoTracking().Where(c => c.ClientId == clientId)
            .Select(c => new ClientSummary(c.Id, c.ClientId, c.Name, c.ClientType == Domain.OAuth.ClientType.Confidential))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<ClientSummary?> FindForChangeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.OAuthClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } client)
        {
            return null;
        }

        client.BumpVersion();
        return new ClientSummary(client.Id, client.ClientId, client.Name, client.ClientType == Domain.OAuth.ClientType.Confidential);
    }
}
