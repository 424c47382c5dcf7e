using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.OAuth.Contracts;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

/// <summary>OAuth's <see cref="IClientDirectory"/>, over its own tables.</summary>
internal sealed class ClientDirectory(IOAuthData db) : IClientDirectory
{
    private static readonly Expression<Func<OAuthClient, ClientSummary>> Summary =
        c => new ClientSummary(c.Id, c.ClientId, c.Name, c.ClientType == ClientType.Confidential);

    private static readonly Func<OAuthClient, ClientSummary> SummaryOf = Summary.Compile();

    public Task<ClientSummary?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.OAuthClients.AsNoTracking().Where(c => c.Id == id).Select(Summary).SingleOrDefaultAsync(cancellationToken);

    public Task<ClientSummary?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken) =>
        db.OAuthClients.AsNoTracking().Where(c => c.ClientId == clientId).Select(Summary).SingleOrDefaultAsync(cancellationToken);

    public async Task<ClientSummary?> FindForChangeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.OAuthClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } client)
        {
            return null;
        }

        client.BumpVersion();
        return SummaryOf(client);
    }
}
