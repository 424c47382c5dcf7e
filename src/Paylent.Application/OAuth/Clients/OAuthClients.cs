using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

internal static class OAuthClients
{
    public static async Task<OAuthClient> FindAsync(IOAuthData db, Guid id, CancellationToken cancellationToken) =>
        await db.OAuthClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("OAuth client");
}
