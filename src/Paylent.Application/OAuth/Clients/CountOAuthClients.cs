using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.Clients;

/// <summary>How many OAuth clients the current environment has (the overview's count).</summary>
public sealed record CountOAuthClients : IQuery<int>;

internal sealed class CountOAuthClientsHandler(IOAuthData db) : IQueryHandler<CountOAuthClients, int>
{
    public Task<int> Handle(CountOAuthClients query, CancellationToken cancellationToken) => db.OAuthClients.CountAsync(cancellationToken);
}
