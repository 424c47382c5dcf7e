using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.Clients;

public sealed record GetOAuthClient(Guid Id) : IQuery<OAuthClientDto>;

internal sealed class GetOAuthClientHandler(IOAuthData db) : IQueryHandler<GetOAuthClient, OAuthClientDto>
{
    public async Task<OAuthClientDto> Handle(GetOAuthClient query, CancellationToken cancellationToken) =>
        OAuthClientDto.From(await db.OAuthClients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("OAuth client"));
}
